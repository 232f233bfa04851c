import { DEPLOYABLES } from "../k8s/deployables.js";

/**
 * How an image proves it holds the right program, started with its own command: with nothing
 * configured, a service exits 1 with the one line naming the first variable it lacks (the
 * storefront likewise); a server that can start without its backends must answer /healthz.
 */
export type SmokeCheck =
  | { kind: "refuses-empty-config"; line: RegExp; onlyLine: boolean }
  | {
      kind: "answers-healthz";
      env: Readonly<Record<string, string>>;
      /** How it exits once SIGTERM has stopped it cleanly. */
      exitAfterSigterm: number;
    };

/** One image we build. */
export interface ImageSpec {
  /** Image `microtickets/<name>`, Dockerfile `infra/images/<name>.Dockerfile`. */
  name: string;
  workspace: string;
  port: number;
  smoke: readonly SmokeCheck[];
  /**
   * Started for real after its smoke checks (live-start.ts): configured against the shared
   * PostgreSQL, NATS and Redis, it must answer /readyz 200 and stop on SIGTERM with 0.
   */
  liveStart: boolean;
  /** Packages that must not be in it: build tools, test tools, other programs' dependencies. */
  mustNotContain: readonly string[];
}

/** Nothing a production process runs: compilers, bundlers, linters, test runners, browsers. */
const DEV_TOOLS = [
  "typescript",
  "tsx",
  "esbuild",
  "vitest",
  "vite",
  "@biomejs/biome",
  "playwright-core",
  "supertest",
];
/** A backend service has no storefront and none of the launcher's or tests' helpers. */
const NOT_IN_A_SERVICE = [
  ...DEV_TOOLS,
  "next",
  "react",
  "@microtickets/dev-servers",
  "@microtickets/stripe-emulator",
];

/** common's runService prints `<name>: Invalid configuration: <VARIABLE>: <why>` and exits 1. */
const refusesWithout = (service: string, variable: string): SmokeCheck[] => [
  {
    kind: "refuses-empty-config",
    line: new RegExp(`^${service}: Invalid configuration: ${variable}: `),
    onlyLine: true,
  },
];

/** How each image proves itself and what it must not hold (the rest is the deployables table's). */
const CHECKS: Readonly<Record<string, Pick<ImageSpec, "smoke" | "liveStart" | "mustNotContain">>> =
  {
    auth: {
      smoke: refusesWithout("auth", "DATABASE_URL"),
      liveStart: true,
      mustNotContain: NOT_IN_A_SERVICE,
    },
    tickets: {
      smoke: refusesWithout("tickets", "DATABASE_URL"),
      liveStart: true,
      mustNotContain: NOT_IN_A_SERVICE,
    },
    orders: {
      smoke: refusesWithout("orders", "DATABASE_URL"),
      liveStart: true,
      mustNotContain: NOT_IN_A_SERVICE,
    },
    expiration: {
      smoke: refusesWithout("expiration", "REDIS_URL"),
      liveStart: true,
      mustNotContain: NOT_IN_A_SERVICE,
    },
    payments: {
      smoke: refusesWithout("payments", "DATABASE_URL"),
      liveStart: true,
      mustNotContain: NOT_IN_A_SERVICE,
    },
    client: {
      smoke: [
        // Next prints its banner first; the check's line names API_URL (client/src/lib/config.ts).
        {
          kind: "refuses-empty-config",
          line: /^storefront: invalid configuration: .*\bAPI_URL\b/,
          onlyLine: false,
        },
        // Given where the APIs are (nothing answers there), the standalone server must serve.
        // Next exits 143 (128 + SIGTERM) once its cleanup is done, on purpose (start-server.js).
        { kind: "answers-healthz", env: { API_URL: "http://127.0.0.1:9" }, exitAfterSigterm: 143 },
      ],
      // Its /healthz start above is already a start with all it needs: the APIs' address.
      liveStart: false,
      mustNotContain: [...DEV_TOOLS, "@microtickets/common"],
    },
    "stripe-emulator": {
      smoke: [{ kind: "answers-healthz", env: {}, exitAfterSigterm: 0 }],
      // It needs nothing, so its /healthz start is its live start.
      liveStart: false,
      // Its one dependency is express; the Stripe SDK and common are for its tests only.
      mustNotContain: [...DEV_TOOLS, "next", "react", "stripe", "@microtickets/common"],
    },
  };

/** Every deployable of infra/k8s/deployables.ts, the table the manifests are made from too. */
export const IMAGES: readonly ImageSpec[] = DEPLOYABLES.map(({ name, workspace, port }) => {
  const checks = CHECKS[name];
  if (!checks) throw new Error(`infra/images/images.ts has no smoke checks for ${name}`);
  return { name, workspace, port, ...checks };
});

export const dockerfilePath = (image: ImageSpec): string => `infra/images/${image.name}.Dockerfile`;

/** The tag a local build gets: never pushed, so `dev` says what it is (prod pins a version). */
export const localTag = (image: ImageSpec): string => `microtickets/${image.name}:dev`;
