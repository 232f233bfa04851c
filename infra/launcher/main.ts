import { join } from "node:path";
import { freePort, isPortFree, LOOPBACK, SetupError } from "@microtickets/dev-servers";
import { close, createGateway, listen } from "../gateway/index.js";
import { startFleet } from "./fleet.js";
import { gatewayOptions } from "./gateway-routes.js";
import { INFRA_NAMES, resolveInfrastructure } from "./infrastructure.js";
import { sessionKeys } from "./keys.js";
import { type Lifecycle, runUntilStopped } from "./lifecycle.js";
import { acquireLock } from "./lock.js";
import { infraLine, readyLine } from "./log-line.js";
import { stopWhenNpmGoes } from "./npm-watch.js";
import { dataDir, logDir, repoRoot } from "./paths.js";
import { ensureServicesBuilt, type ServiceBuild } from "./service-build.js";
import { replicaPlan, SERVICES } from "./services.js";
import { ensureStorefrontBuilt, type StorefrontBuild } from "./storefront-build.js";
import { resolveStripe } from "./stripe.js";

const log = (line: string) => console.log(line);

function gatewayPort(): number {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SetupError("Invalid configuration: PORT: must be a port number (1-65535)");
  }
  return port;
}

async function start(lifecycle: Lifecycle): Promise<void> {
  const began = performance.now();
  const port = gatewayPort();
  const replicas = replicaPlan(SERVICES);
  const lock = acquireLock(
    join(dataDir, "launcher.pid"),
    (pid) =>
      `microtickets is already running (pid ${pid}): stop it with Ctrl-C in its terminal, or kill ${pid}.`,
  );
  lifecycle.onStop(() => lock.release());
  if (!(await isPortFree(port))) {
    throw new SetupError(`Port ${port} is already in use: stop what is using it, or set PORT.`);
  }

  // Built (when their sources changed) while the infrastructure comes up; Ctrl-C stops the builds.
  const building = new AbortController();
  lifecycle.onStop(() => building.abort());
  const backend = ensureServicesBuilt(SERVICES, log, building.signal);
  // Handled where it is awaited; a failure before then must not crash us as unhandled.
  backend.catch(() => {});
  const storefront: Promise<StorefrontBuild | undefined> = SERVICES.some(
    (entry) => entry.kind === "storefront",
  )
    ? ensureStorefrontBuilt(log, building.signal)
    : Promise.resolve(undefined);
  // Handled where it is awaited; a failure before then must not crash us as unhandled.
  storefront.catch(() => {});

  const infra = await resolveInfrastructure({ dataDir });
  lifecycle.onStop(() => infra.stop());
  for (const name of INFRA_NAMES) log(infraLine(name, infra.servers[name], repoRoot));
  lifecycle.checkpoint();

  const keys = await sessionKeys(join(dataDir, "keys"));
  log(
    readyLine(
      "keys",
      keys.source === "env" ? "from JWT_PRIVATE_KEY" : `.data/keys (${keys.source})`,
    ),
  );
  const stripe = await resolveStripe(port, lifecycle);
  log(readyLine("stripe", stripe.detail));
  log(readyLine("build", backendDetail(await backend)));
  const build = await storefront;
  if (build) log(readyLine("build", buildDetail(build)));
  lifecycle.checkpoint();
  // The storefront's way to the API is a listener of its own, which keeps the visitor's
  // address it forwards (the public one replaces it). The storefront is told where it will be.
  const internalPort = await freePort();
  const services = await startFleet(SERVICES, {
    env: { ...process.env, ...stripe.env },
    storefront: build && {
      serverScript: build.serverScript,
      api: `http://${LOOPBACK}:${internalPort}`,
      stripeEmulator: stripe.env.STRIPE_API_BASE,
    },
    replicas,
    repoRoot,
    logDir,
    infra,
    keys,
    lifecycle,
    log,
  });
  lifecycle.checkpoint();

  const internal = createGateway({ ...gatewayOptions(services), forwardedFor: "keep" });
  await listen(internal, internalPort, LOOPBACK);
  lifecycle.onStop(() => close(internal));
  const gateway = createGateway(gatewayOptions(services));
  await listen(gateway, port).catch((error: Error) => {
    throw new SetupError(`${error.message}: stop what is using it, or set PORT.`);
  });
  lifecycle.onStop(() => close(gateway));
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  log(readyLine("gateway", `http://localhost:${port} (everything up in ${seconds} s)`));
  log(`microtickets ready at http://localhost:${port}`);
}

function backendDetail(build: ServiceBuild): string {
  if (build.builtInMs !== undefined) {
    return `services built in ${(build.builtInMs / 1000).toFixed(1)} s (${build.built.join(", ")})`;
  }
  return build.waitedFor === undefined
    ? "services unchanged since their last build"
    : `services built by pid ${build.waitedFor} meanwhile`;
}

function buildDetail(build: StorefrontBuild): string {
  if (build.builtInMs !== undefined) {
    return `storefront built in ${(build.builtInMs / 1000).toFixed(1)} s`;
  }
  return build.waitedFor === undefined
    ? "storefront unchanged since its last build"
    : `storefront built by pid ${build.waitedFor} meanwhile`;
}

runUntilStopped(start, stopWhenNpmGoes);
