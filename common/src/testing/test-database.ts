import { randomUUID } from "node:crypto";
import { databaseUrl, dropDatabase, ensureDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { createPool, type Pool } from "../db/pool.js";

export interface TestDatabase {
  url: string;
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** The server the test run resolved (npm test sets DATABASE_URL), else the standard local one. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/**
 * A fresh database of its own for one test file, so files run in parallel without seeing
 * each other, migrated like the service's. Drop it in afterAll.
 */
export async function createTestDatabase(
  label: string,
  migrationsDir?: string,
): Promise<TestDatabase> {
  const name = `test_${label.replace(/\W/g, "_")}_${randomUUID().slice(0, 8)}`.toLowerCase();
  const url = databaseUrl(testServerUrl(), name);
  await ensureDatabase(url);
  if (migrationsDir) await migrate(url, migrationsDir);
  const pool = createPool(url);
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await dropDatabase(url);
    },
  };
}
