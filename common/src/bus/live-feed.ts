import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../logger.js";
import { type Backoff, backoffDelay, sleep } from "./connect.js";
import { type BusConfig, wireSubject } from "./stream.js";

/** One message of the stream as a reader sees it. */
export interface StreamEntry {
  /** Its stream sequence: the position a reader resumes after. */
  seq: number;
  /** The subject without the bus's prefix, e.g. "ticket.updated". */
  subject: string;
  /** Matching messages still after this one in the stream when it was delivered. */
  pending: number;
  body: string;
}

export interface StreamReaderOptions {
  nc: NatsConnection;
  bus: BusConfig;
  /**
   * The subjects to read, without the prefix, e.g. "ticket.>". One filter: servers before 2.10
   * take no list.
   */
  filterSubject: string;
  /** The first stream sequence to read. */
  fromSeq: number;
  /** Messages the client holds ahead of the reader (default 256). */
  prefetch?: number;
}

export interface StreamReader extends AsyncIterable<StreamEntry> {
  /** Matching messages from `fromSeq` on when the reader opened: 0 means it is already at the end. */
  readonly pendingAtOpen: number;
  /** Stops reading and deletes the consumer on the server. */
  close(): Promise<void>;
}

/**
 * Reads the stream in order from a position with an ordered consumer: ephemeral, unacknowledged,
 * in memory on the server, of this process alone (no durable shared with replicas), and re-created
 * by the client from where it was whenever a sequence gap or a server restart loses it.
 */
export async function openStreamReader(options: StreamReaderOptions): Promise<StreamReader> {
  const { nc, bus, filterSubject, fromSeq, prefetch = 256 } = options;
  const consumer = await jetstream(nc).consumers.get(bus.stream, {
    filter_subjects: wireSubject(bus, filterSubject),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, fromSeq),
  });
  const { num_pending } = await consumer.info(true);
  const messages = await consumer.consume({ max_messages: prefetch });
  const prefix = bus.subjectPrefix;
  return {
    pendingAtOpen: num_pending,
    async *[Symbol.asyncIterator]() {
      for await (const msg of messages) {
        yield {
          seq: msg.seq,
          subject: msg.subject.startsWith(prefix) ? msg.subject.slice(prefix.length) : msg.subject,
          pending: msg.info.pending,
          body: msg.string(),
        };
      }
    },
    async close() {
      await messages.close();
      // An ordered consumer would otherwise linger on the server until its inactivity threshold.
      await consumer.delete().catch(() => {});
    },
  };
}

/** The stream's last sequence: a reader from one past it sees only what comes next. */
export async function lastStreamSeq(nc: NatsConnection, bus: BusConfig): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(bus.stream)).state.last_seq;
}

export interface LiveFeedOptions extends StreamReaderOptions {
  logger: Logger;
  /** Called in stream order, once per entry, synchronously: fan out, don't wait here. */
  onEntry(entry: StreamEntry): void;
  retry?: Backoff;
}

export interface LiveFeed {
  /** Every matching entry up to this stream sequence has been handed to `onEntry`. */
  readonly position: number;
  /** Resolves once the feed has read what the stream held when it opened. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows the stream from `fromSeq` for as long as the process runs, one ordered consumer per
 * process: every process sees every message, unlike the durable consumers replicas share. If
 * reading ever ends (the stream was lost, the client gave up re-creating the consumer), it opens
 * again right after the last entry it handed over, so nothing is skipped or repeated.
 */
export async function startLiveFeed(options: LiveFeedOptions): Promise<LiveFeed> {
  const { logger, onEntry, retry = { initialMs: 100, maxMs: 5_000 } } = options;
  let position = Math.max(1, options.fromSeq) - 1;
  let markCaughtUp: () => void = () => {};
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });
  const stopping = new AbortController();
  const open = async () => {
    const reader = await openStreamReader({ ...options, fromSeq: position + 1 });
    if (reader.pendingAtOpen === 0) markCaughtUp();
    return reader;
  };

  // The first open fails the start when the stream is unusable; later losses are retried.
  let reader: StreamReader | undefined = await open();
  const closeReader = () => void reader?.close();
  stopping.signal.addEventListener("abort", closeReader);

  const loop = (async () => {
    for (let failures = 0; !stopping.signal.aborted; ) {
      try {
        reader ??= await open();
        if (stopping.signal.aborted) break;
        for await (const entry of reader) {
          position = entry.seq;
          failures = 0;
          try {
            onEntry(entry);
          } catch (error) {
            logger.error({ err: error, seq: entry.seq }, "live feed handler failed");
          }
          if (entry.pending === 0) markCaughtUp();
        }
      } catch (error) {
        logger.error({ err: error, position }, "live feed failed");
      }
      await reader?.close();
      reader = undefined;
      if (stopping.signal.aborted) break;
      const delayMs = backoffDelay(++failures, retry);
      logger.warn({ position, delayMs }, "live feed ended unexpectedly, reopening");
      await sleep(delayMs, stopping.signal);
    }
  })();

  return {
    get position() {
      return position;
    },
    caughtUp,
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
