// A live start's own corner of the shared servers: made before its service starts, and removed
// after it stops, however it went, so runs leave nothing on a developer's or CI's servers.
import { databaseUrl, dropDatabase, ensureDatabase } from "@microtickets/common";
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { Redis } from "ioredis";
import type { Deployable } from "../k8s/deployables.js";
import type { LiveNamespace, SharedServers } from "./live-start-env.js";

const CONNECT_TIMEOUT_MS = 5_000;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Its database (the service migrates it itself); the stream and keys it makes as it starts. */
export async function claimNamespace(
  entry: Pick<Deployable, "uses">,
  servers: SharedServers,
  namespace: LiveNamespace,
): Promise<void> {
  if (!entry.uses.includes("db")) return;
  try {
    await ensureDatabase(databaseUrl(servers.postgres, namespace.database));
  } catch (error) {
    throw new Error(`could not create database ${namespace.database}: ${reason(error)}`);
  }
}

/**
 * Drops its database, deletes its Redis keys and the run's stream (the next service's start
 * makes it again), each tried whatever the others did; answers what could not be removed.
 */
export async function releaseNamespace(
  entry: Pick<Deployable, "uses">,
  servers: SharedServers,
  namespace: LiveNamespace,
): Promise<string[]> {
  const removals: [string, () => Promise<void>][] = [];
  if (entry.uses.includes("db")) {
    removals.push([
      `database ${namespace.database}`,
      () => dropDatabase(databaseUrl(servers.postgres, namespace.database)),
    ]);
  }
  if (entry.uses.includes("redis")) {
    removals.push([
      `Redis keys ${namespace.redisKeyPrefix}*`,
      () => deleteKeys(servers.redis, namespace.redisKeyPrefix),
    ]);
  }
  if (entry.uses.includes("nats")) {
    removals.push([
      `stream ${namespace.stream}`,
      () => deleteStream(servers.nats, namespace.stream),
    ]);
  }
  const leftBehind: string[] = [];
  for (const [what, remove] of removals) {
    await remove().catch((error) => leftBehind.push(`${what} (${reason(error)})`));
  }
  return leftBehind;
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  // One attempt, no reconnecting: a Redis that is not there fails the cleanup, not hangs it.
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}

async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: CONNECT_TIMEOUT_MS, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch((error) => {
      // A service that never got as far as the bus made none.
      const notThere =
        error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
      if (!notThere) throw error;
    });
  } finally {
    await nc.close();
  }
}
