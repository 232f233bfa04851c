import { ConfigError, readConfig } from "../lib/config";

export function checkConfigAtStart(): void {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`storefront: invalid configuration: ${error.message}`);
    process.exit(1);
  }
}
