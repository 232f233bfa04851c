import {
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { Subjects } from "../events/index.js";

/**
 * Where events live. Production uses one stream for the whole catalog; tests use a stream and
 * subject prefix of their own so files running in parallel never see each other's events.
 */
export interface BusConfig {
  stream: string;
  /** Prepended to every subject on the wire, e.g. "t1a2b3c4."; empty in production. */
  subjectPrefix: string;
}

export function wireSubject(config: BusConfig, subject: string): string {
  return `${config.subjectPrefix}${subject}`;
}

export interface EnsureStreamOptions {
  /** Publishes with the same Nats-Msg-Id within this window are stored once. */
  duplicateWindowMs?: number;
  /** Copies a clustered JetStream keeps of the stream (and, by default, of its consumers). */
  replicas?: number;
}

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1_000;
const STREAM_CONFIG_DIFFERS = 10058;

/**
 * Creates the stream or brings its configuration up to date. Safe when replicas start together:
 * adding an identical stream is a no-op on the server, and a changed one is updated in place.
 */
export async function ensureStream(
  nc: NatsConnection,
  config: BusConfig,
  { duplicateWindowMs = 120_000, replicas = 1 }: EnsureStreamOptions = {},
): Promise<StreamInfo> {
  const jsm = await jetstreamManager(nc);
  const stream: Partial<StreamConfig> & { name: string } = {
    name: config.stream,
    subjects: Object.values(Subjects).map((subject) => wireSubject(config, subject)),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(SEVEN_DAYS_MS),
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: replicas,
  };
  try {
    return await jsm.streams.add(stream);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === STREAM_CONFIG_DIFFERS)) throw error;
    return jsm.streams.update(config.stream, stream);
  }
}
