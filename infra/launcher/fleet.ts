import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { freePort, isPortFree } from "@microtickets/dev-servers";
import type { Infrastructure } from "./infrastructure.js";
import type { SessionKeys } from "./keys.js";
import type { Lifecycle } from "./lifecycle.js";
import { readyLine } from "./log-line.js";
import { namespacedDatabase, namespaceEnv, stackNamespace } from "./namespace.js";
import { Replica } from "./replica.js";
import { serviceEnv } from "./service-env.js";
import { nodeArguments, type ServiceEntry } from "./services.js";
import { type StorefrontSetup, storefrontEnv } from "./storefront-env.js";

// Loaded while the infrastructure comes up: the barrel pulls in express, pino, NATS, zod …
const common = import("@microtickets/common");
// Handled where it is awaited; until then a failed load must not crash us as unhandled.
common.catch(() => {});

export interface RunningService {
  entry: ServiceEntry;
  replicas: Replica[];
}

export interface FleetContext {
  /** What every service inherits (the launcher's own environment, plus Stripe's). */
  env: NodeJS.ProcessEnv;
  /** Replicas per service name (see replicaPlan); 1 when absent. */
  replicas: ReadonlyMap<string, number>;
  repoRoot: string;
  logDir: string;
  infra: Infrastructure;
  keys: SessionKeys;
  /** Unset when the fleet has no storefront. */
  storefront?: StorefrontSetup;
  lifecycle: Lifecycle;
  log: (line: string) => void;
}

/**
 * Every replica of every service, started together and awaited until each is ready. Their
 * stop is registered before they start, so a failure or a Ctrl-C mid-start stops them too.
 */
export async function startFleet(
  entries: readonly ServiceEntry[],
  context: FleetContext,
): Promise<RunningService[]> {
  const { infra, lifecycle } = context;
  const { databaseUrl, ensureDatabase } = await common;
  const namespace = stackNamespace();
  await mkdir(context.logDir, { recursive: true });
  const databases = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.uses.includes("postgres")) continue;
    const database = namespacedDatabase(entry.database ?? entry.name, namespace);
    const url = databaseUrl(infra.databaseUrl, database);
    await ensureDatabase(url);
    databases.set(entry.name, url);
  }
  lifecycle.checkpoint();

  const services: RunningService[] = [];
  for (const [serviceIndex, entry] of entries.entries()) {
    const count = context.replicas.get(entry.name) ?? 1;
    const replicas: Replica[] = [];
    for (let index = 1; index <= count; index++) {
      // Stacks in a namespace (tests, benchmarks) often start side by side: two launchers
      // probing the same preferred port at once would both take it. Theirs are drawn at random.
      const port = namespace ? await freePort() : await pickPort(4100 + 100 * serviceIndex + index);
      const storefront = entry.kind === "storefront" ? context.storefront : undefined;
      if (entry.kind === "storefront" && !storefront) {
        throw new Error(`${entry.name} is the storefront, but the fleet was given no build of it`);
      }
      const env = storefront
        ? storefrontEnv(port, storefront, context.env)
        : {
            ...serviceEnv(
              entry,
              port,
              { database: databases.get(entry.name), nats: infra.natsUrl, redis: infra.redisUrl },
              context.keys,
              context.env,
            ),
            ...namespaceEnv(entry.name, namespace),
          };
      replicas.push(
        new Replica({
          label: count > 1 ? `${entry.name}-${index}` : entry.name,
          args: storefront ? [storefront.serverScript] : nodeArguments(entry),
          cwd: context.repoRoot,
          port,
          env,
          logFile: join(context.logDir, `${entry.name}-${index}.log`),
          log: context.log,
        }),
      );
    }
    services.push({ entry, replicas });
  }

  const all = services.flatMap((service) => service.replicas);
  lifecycle.onStop(async () => {
    await Promise.all(all.map((replica) => replica.stop()));
  });
  await Promise.all(
    services.flatMap(({ replicas }) =>
      replicas.map(async (replica) => {
        const readyInMs = await replica.start();
        context.log(readyLine(replica.label, `${replica.url} (ready in ${readyInMs} ms)`));
      }),
    ),
  );
  return services;
}

/** Stable ports (auth on 4101, 4102 …) are easier to poke at by hand; any free one otherwise. */
async function pickPort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}
