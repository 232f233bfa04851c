import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/**
 * Everything local and generated: private servers' data, logs, keys, the pid file.
 * MICROTICKETS_DATA_DIR moves it, so a test can run a whole stack beside a developer's.
 */
export const dataDir = process.env.MICROTICKETS_DATA_DIR || join(repoRoot, ".data");
export const logDir = join(dataDir, "logs");
