import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";

const commonMigrations = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Brings the database up to date: first the tables every service shares (outbox, inbox,
 * dead letters), then the service's own. Replicas starting together wait on an advisory
 * lock instead of failing, and the one that gets it second finds nothing left to do.
 */
export async function migrate(databaseUrl: string, serviceMigrationsDir?: string): Promise<void> {
  const common = {
    databaseUrl,
    direction: "up" as const,
    advisoryLockMode: "wait" as const,
    log: () => {},
    verbose: false,
  };
  await runner({ ...common, dir: commonMigrations, migrationsTable: "pgmigrations_common" });
  if (serviceMigrationsDir) {
    await runner({ ...common, dir: serviceMigrationsDir, migrationsTable: "pgmigrations" });
  }
}
