// What a service image is given for its live start (live-start.ts): a real configuration, each
// variable one its config.ts reads, pointed at the machine's servers in a namespace of its own.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { databaseUrl } from "@microtickets/common";
import type { Dependency, Deployable } from "../k8s/deployables.js";

/** Where PostgreSQL, NATS and Redis answer: the environment's, else the machine's own. */
export interface SharedServers {
  /** A server URL; each service gets a database of its own on it. */
  postgres: string;
  nats: string;
  redis: string;
}

export function sharedServers(env: NodeJS.ProcessEnv = process.env): SharedServers {
  return {
    postgres: env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    nats: env.NATS_URL || "nats://127.0.0.1:4222",
    redis: env.REDIS_URL || "redis://127.0.0.1:6379",
  };
}

/** One `npm run images`: six lower-case hex digits, valid in every name below. */
export const newRunId = (): string => randomBytes(3).toString("hex");

/** What one service's live start owns on the shared servers, and must leave nothing of. */
export interface LiveNamespace {
  database: string;
  /** The run's stream: its services, started one after another, would share it as a stack does. */
  stream: string;
  subjectPrefix: string;
  redisKeyPrefix: string;
}

export function liveNamespace(runId: string, service: string): LiveNamespace {
  return {
    database: `images_${runId}_${service}`,
    stream: `IMAGES_${runId.toUpperCase()}`,
    subjectPrefix: `i${runId}.`,
    redisKeyPrefix: `images:${runId}:${service}:`,
  };
}

/** An Ed25519 pair in PEM, as auth signs sessions with it and the APIs verify them. */
export interface SessionKeyPair {
  privateKey: string;
  publicKey: string;
}

/** A fresh pair for each run, as `npm start` and dev's secrets make one (EdDSA sessions). */
export const newSessionKeys = (): SessionKeyPair =>
  generateKeyPairSync("ed25519", {
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });

export interface LiveStartInput {
  servers: SharedServers;
  namespace: LiveNamespace;
  keys: SessionKeyPair;
  port: number;
  /** `whsec_<hex>`: payments only checks its shape to start. */
  webhookSecret: string;
}

/**
 * Payments' Stripe: the emulator's key, and a base where nothing answers. Payments makes no
 * call to Stripe to start (its sweep asks Stripe only about payments it has, and it has none),
 * so a call there would show as a failed start rather than pass unnoticed.
 */
export const UNREACHABLE_STRIPE = {
  STRIPE_SECRET_KEY: "sk_test_emulator",
  STRIPE_API_BASE: "http://127.0.0.1:9",
} as const;

/** The environment of one service's live start, from what its deployable uses. */
export function liveStartEnv(
  entry: Pick<Deployable, "name" | "uses" | "sessions">,
  { servers, namespace, keys, port, webhookSecret }: LiveStartInput,
): Record<string, string> {
  const has = (dependency: Dependency) => entry.uses.includes(dependency);
  const env: Record<string, string> = { NODE_ENV: "production", PORT: String(port) };
  if (has("db")) {
    env.DATABASE_URL = databaseUrl(servers.postgres, namespace.database);
  }
  if (has("nats")) {
    env.NATS_URL = servers.nats;
    env.BUS_STREAM = namespace.stream;
    env.BUS_SUBJECT_PREFIX = namespace.subjectPrefix;
  }
  if (has("redis")) {
    env.REDIS_URL = servers.redis;
    env.REDIS_KEY_PREFIX = namespace.redisKeyPrefix;
  }
  // Auth is an API too: it verifies the sessions it signs.
  if (entry.sessions) env.JWT_PUBLIC_KEY = keys.publicKey;
  if (entry.sessions === "signs") env.JWT_PRIVATE_KEY = keys.privateKey;
  if (has("stripe")) {
    Object.assign(env, UNREACHABLE_STRIPE, { STRIPE_WEBHOOK_SECRET: webhookSecret });
  }
  return env;
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(16).toString("hex")}`;
