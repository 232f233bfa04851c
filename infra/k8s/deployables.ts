/**
 * What the infrastructure a deployable is given: its own database (`<name>-db-app`), the bus
 * (NATS), Redis, and Stripe (the `payments-stripe` secret, and the internet on 443 in prod).
 */
export type Dependency = "db" | "nats" | "redis" | "stripe";

export type Component = "api" | "worker" | "storefront" | "dev-tool";

/** One image we build, and everything its manifests are made from. */
export interface Deployable {
  /** Image `microtickets/<name>`, Dockerfile `infra/images/<name>.Dockerfile`, objects `<name>…`. */
  name: string;
  /** Its workspace folder: the image's version is that package.json's. */
  workspace: string;
  port: number;
  component: Component;
  /** The path prefix the ingress routes to it; none: nothing outside the cluster reaches it. */
  route?: string;
  uses: readonly Dependency[];
  /** Only the service that mints sessions holds the private key; the APIs verify them. */
  sessions?: "signs" | "verifies";
  /** The Stripe emulator has no dependencies to report, so it is ready when it is alive. */
  readinessPath: "/readyz" | "/healthz";
  /** The Stripe emulator stands in for Stripe in dev; prod talks to Stripe itself. */
  devOnly?: boolean;
  /** Its own settings for its ConfigMap, beside the ones every workload gets. */
  settings?: Readonly<Record<string, string>>;
}

/** Every image we build, in the order a reader meets them (and `npm start` starts them). */
export const DEPLOYABLES: readonly Deployable[] = [
  {
    name: "auth",
    workspace: "auth",
    port: 4001,
    component: "api",
    route: "/api/users",
    // NATS: it announces each sign-out (`session.revoked`) through its outbox.
    uses: ["db", "nats", "redis"],
    sessions: "signs",
    readinessPath: "/readyz",
  },
  {
    name: "tickets",
    workspace: "tickets",
    port: 4002,
    component: "api",
    route: "/api/tickets",
    uses: ["db", "nats"],
    sessions: "verifies",
    readinessPath: "/readyz",
  },
  {
    name: "orders",
    workspace: "orders",
    port: 4003,
    component: "api",
    route: "/api/orders",
    uses: ["db", "nats"],
    sessions: "verifies",
    readinessPath: "/readyz",
    // CONTRACT.md: the 15-minute lock.
    settings: { ORDER_LOCK_SECONDS: "900" },
  },
  {
    name: "expiration",
    workspace: "expiration",
    // Its port serves /healthz, /readyz and /metrics only.
    port: 4004,
    component: "worker",
    uses: ["nats", "redis"],
    readinessPath: "/readyz",
  },
  {
    name: "payments",
    workspace: "payments",
    port: 4005,
    component: "api",
    route: "/api/payments",
    uses: ["db", "nats", "stripe"],
    sessions: "verifies",
    readinessPath: "/readyz",
  },
  {
    name: "client",
    workspace: "client",
    port: 3000,
    component: "storefront",
    route: "/",
    uses: [],
    readinessPath: "/readyz",
  },
  {
    name: "stripe-emulator",
    workspace: "infra/stripe-emulator",
    port: 12111,
    component: "dev-tool",
    uses: [],
    readinessPath: "/healthz",
    devOnly: true,
  },
];

export function deployable(name: string): Deployable {
  const found = DEPLOYABLES.find((entry) => entry.name === name);
  if (!found) throw new Error(`no deployable named ${name}`);
  return found;
}

/** The services behind `/api/…` that the storefront calls, in route order. */
export const apis = (): Deployable[] => DEPLOYABLES.filter((entry) => entry.component === "api");

/** The services that own a database: one CloudNativePG cluster (prod) or role (dev) each. */
export const databaseOwners = (): Deployable[] =>
  DEPLOYABLES.filter((entry) => entry.uses.includes("db"));

export const uses = (entry: Deployable, dependency: Dependency): boolean =>
  entry.uses.includes(dependency);
