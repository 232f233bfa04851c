import { SetupError } from "@microtickets/dev-servers";
import { BUILT_ENTRY } from "./service-build.js";

export type Dependency = "postgres" | "nats" | "redis";

export interface ServiceEntry {
  name: string;
  /** The workspace folder. */
  dir: string;
  /**
   * A backend service (the default) runs its compiled JavaScript and is given its infrastructure
   * and the session key; the storefront runs its production build and is given only the API's
   * address. Both are built first when their sources changed (service-build.ts,
   * storefront-build.ts).
   */
  kind?: "service" | "storefront";
  /** Gateway path prefix; `/` is the storefront; none for workers that serve no HTTP API. */
  route?: string;
  /** Its own PostgreSQL database (CONTRACT.md: no service reads another's). */
  database?: string;
  uses: Dependency[];
  /** Only the service that mints sessions gets JWT_PRIVATE_KEY; every service gets the public key. */
  signsSessions?: boolean;
}

/** Every service `npm start` runs, in start order; a new service is one line here. */
export const SERVICES: readonly ServiceEntry[] = [
  {
    name: "auth",
    dir: "auth",
    route: "/api/users",
    database: "auth",
    uses: ["postgres", "nats", "redis"],
    signsSessions: true,
  },
  {
    name: "tickets",
    dir: "tickets",
    route: "/api/tickets",
    database: "tickets",
    uses: ["postgres", "nats"],
  },
  {
    name: "orders",
    dir: "orders",
    route: "/api/orders",
    database: "orders",
    uses: ["postgres", "nats"],
  },
  { name: "expiration", dir: "expiration", uses: ["nats", "redis"] },
  {
    name: "payments",
    dir: "payments",
    route: "/api/payments",
    database: "payments",
    uses: ["postgres", "nats"],
  },
  {
    name: "storefront",
    dir: "client",
    route: "/",
    uses: [],
    kind: "storefront",
  },
];

/**
 * What Node is given to run a backend service, from the repository root. (The storefront runs
 * its build's server.js: see storefront-build.ts.)
 */
export function nodeArguments(entry: ServiceEntry): string[] {
  // Its build, as production runs it (`node dist/index.js`): no loader compiling TypeScript in
  // the process, and without the `source` condition `@microtickets/common` is common's build
  // too. The launcher builds what is stale before it starts them (service-build.ts).
  return [`${entry.dir}/${BUILT_ENTRY}`];
}

const MAX_REPLICAS = 16;

/** `REPLICAS_AUTH=2 npm start` runs two auth replicas behind the gateway. */
export function replicaCount(entry: ServiceEntry, env: NodeJS.ProcessEnv = process.env): number {
  const variable = `REPLICAS_${entry.name.toUpperCase().replace(/\W/g, "_")}`;
  const value = env[variable];
  if (value === undefined || value === "") return 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) {
    throw new SetupError(
      `Invalid configuration: ${variable}: must be a whole number from 1 to ${MAX_REPLICAS}`,
    );
  }
  return count;
}

/** Every service's replica count, read once at start so a typo fails before anything starts. */
export function replicaPlan(
  entries: readonly ServiceEntry[],
  env: NodeJS.ProcessEnv = process.env,
): Map<string, number> {
  return new Map(entries.map((entry) => [entry.name, replicaCount(entry, env)]));
}
