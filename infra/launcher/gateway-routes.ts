import type { GatewayOptions } from "../gateway/index.js";
import type { RunningService } from "./fleet.js";

/** Each service's route to its replicas; the one on `/` (the storefront) is the fallback. */
export function gatewayOptions(services: readonly RunningService[]): GatewayOptions {
  const options: GatewayOptions = { routes: [] };
  for (const { entry, replicas } of services) {
    if (!entry.route) continue;
    const targets = replicas.map((replica) => replica.url);
    if (entry.route === "/") options.fallback = targets;
    else options.routes.push({ prefix: entry.route, targets });
  }
  return options;
}
