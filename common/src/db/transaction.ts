import type { Pool, PoolClient } from "./pool.js";

/**
 * Runs `work` in one transaction: committed if it resolves, rolled back if it throws.
 *
 * A client checked out of the pool has lost the pool's `error` listener, and pg emits `error` on
 * a client whose connection dies (PostgreSQL restarting), even while a query is running: with no
 * listener that is an uncaught exception, and the process ends. So the transaction listens
 * itself; the failure reaches `work` through its next query, and the broken client is released
 * to be destroyed rather than reused.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (tx: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onLost = (error: Error) => {
    lost = error;
  };
  client.on("error", onLost);
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.removeListener("error", onLost);
    client.release(lost);
  }
}

/** PostgreSQL error codes we act on. */
export const PgErrorCode = {
  UniqueViolation: "23505",
} as const;

export function isPgError(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === code;
}
