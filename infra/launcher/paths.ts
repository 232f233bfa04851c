import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Everything local and generated: private servers' data, logs, keys, the pid file. */
export const dataDir = join(repoRoot, ".data");
export const logDir = join(dataDir, "logs");
