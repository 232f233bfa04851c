import { sampleOrder, startTestService } from "@microtickets/common/testing";
import { expirationService } from "./service.js";

/**
 * The expiration service for one test file, as it runs, on a stream and a Redis key prefix of
 * the file's own (or on servers of the test's own: `natsUrl`, `redisUrl`).
 */
export async function createExpirationTestApp(
  label: string,
  servers: { natsUrl?: string; redisUrl?: string } = {},
) {
  const service = await startTestService(expirationService, { label, ...servers });
  return { ...service, queue: service.deps.queue };
}

export type ExpirationTestApp = Awaited<ReturnType<typeof createExpirationTestApp>>;

/** An order's lock as orders announces it; ids fresh unless given. */
export const orderCreated = (expiresAt: Date, id?: string) =>
  sampleOrder({ id }).created({ expiresAt: expiresAt.toISOString() });

/** A moment `ms` from now. */
export const inMs = (ms: number): Date => new Date(Date.now() + ms);

/** The definition itself, for benchmarks that start it their own way. */
export { expirationService } from "./service.js";
