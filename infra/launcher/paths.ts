import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/**
 * Everything local and generated: private servers' data, logs, keys, the pid file.
 * MICROTICKETS_DATA_DIR moves it, so a test can run a whole stack beside a developer's.
 */
export const dataDir = process.env.MICROTICKETS_DATA_DIR || join(repoRoot, ".data");
export const logDir = join(dataDir, "logs");
/**
 * What belongs to the checkout rather than to one stack (the storefront build's lock and log):
 * stacks with data directories of their own, side by side, share one build of the client.
 */
export const checkoutDataDir = join(repoRoot, ".data");
