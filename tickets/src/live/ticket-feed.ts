import {
  type BusConfig,
  type LiveFeed,
  type Logger,
  lastStreamSeq,
  openStreamReader,
  type StreamEntry,
  startLiveFeed,
} from "@microtickets/common";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Follower } from "./follower.js";
import { type TicketChange, ticketChangeFrom } from "./ticket-change.js";

/** Both ticket subjects under one filter: servers before 2.10 take a single filter subject. */
const TICKET_SUBJECTS = "ticket.>";

export interface TicketFeedOptions {
  nc: NatsConnection;
  bus: BusConfig;
  logger: Logger;
  /** Recent changes kept in memory, so a reconnect is served without asking the stream. */
  recentChanges?: number;
}

/**
 * Every ticket change on the bus, as this process sees it through its own ordered consumer,
 * fanned out to the process's followers. The most recent changes stay in memory for clients that
 * reconnect with Last-Event-ID (a dropped connection, a gateway restart); an older position is
 * read back from the stream for that client alone.
 */
export class TicketFeed {
  readonly #nc: NatsConnection;
  readonly #bus: BusConfig;
  readonly #logger: Logger;
  readonly #capacity: number;
  readonly #recent: TicketChange[] = [];
  readonly #followers = new Set<Follower>();
  /** Every change from this stream sequence on is in `#recent`. */
  #coveredFrom: number;
  #feed: LiveFeed | undefined;

  private constructor(options: Required<TicketFeedOptions>, fromSeq: number) {
    this.#nc = options.nc;
    this.#bus = options.bus;
    this.#logger = options.logger;
    this.#capacity = options.recentChanges;
    this.#coveredFrom = fromSeq;
  }

  /**
   * Starts following the stream a little in the past, so the memory holds the recent changes
   * from the start (a rolling restart's reconnects never all hit the stream), and resolves once
   * it has read up to now.
   */
  static async start({ recentChanges = 1_000, ...options }: TicketFeedOptions) {
    const fromSeq = Math.max(1, (await lastStreamSeq(options.nc, options.bus)) - recentChanges + 1);
    const feed = new TicketFeed({ ...options, recentChanges }, fromSeq);
    feed.#feed = await startLiveFeed({
      ...options,
      filterSubject: TICKET_SUBJECTS,
      fromSeq,
      onEntry: (entry) => feed.#receive(entry),
    });
    await feed.#feed.caughtUp;
    return feed;
  }

  /** Followers receiving changes now. */
  get followers(): number {
    return this.#followers.size;
  }

  /** The stream sequence this process has read up to. */
  get position(): number {
    return this.#feed?.position ?? this.#coveredFrom - 1;
  }

  /**
   * Sends the follower what it missed after `after` (a Last-Event-ID), then every change from
   * now on; without `after`, only what comes next. Returns the way to stop.
   */
  async follow(follower: Follower, after?: number): Promise<() => void> {
    const now = this.position;
    this.#followers.add(follower);
    const unfollow = () => void this.#followers.delete(follower);
    let from = now;
    try {
      if (after !== undefined) from = await this.#resumable(after, now);
      if (from < now && from + 1 >= this.#coveredFrom) {
        // Copied before the first wait: the feed goes on adding and evicting meanwhile.
        const missed = this.#recent.filter((change) => change.seq > from && change.seq <= now);
        for (const change of missed) await follower.replay(change);
      } else if (from < now) {
        await this.#replayFromStream(follower, from, now);
      }
    } catch (error) {
      unfollow();
      throw error;
    }
    follower.goLive(from);
    return unfollow;
  }

  async stop(): Promise<void> {
    await this.#feed?.stop();
    this.#followers.clear();
  }

  /**
   * A position ahead of ours is a replica that has read further: we skip up to it. One the
   * stream never reached comes from a stream since replaced (sequences restarted): start afresh.
   */
  async #resumable(after: number, now: number): Promise<number> {
    if (after <= now) return after;
    return after <= (await lastStreamSeq(this.#nc, this.#bus)) ? after : now;
  }

  async #replayFromStream(follower: Follower, from: number, upTo: number): Promise<void> {
    const reader = await openStreamReader({
      nc: this.#nc,
      bus: this.#bus,
      filterSubject: TICKET_SUBJECTS,
      fromSeq: from + 1,
    });
    try {
      if (reader.pendingAtOpen === 0) return;
      for await (const entry of reader) {
        if (entry.seq > upTo || follower.closed) break;
        const change = ticketChangeFrom(entry);
        if (change) await follower.replay(change);
        if (entry.seq === upTo || entry.pending === 0) break;
      }
    } finally {
      await reader.close();
    }
  }

  #receive(entry: StreamEntry): void {
    const change = ticketChangeFrom(entry);
    if (!change) {
      this.#logger.warn({ seq: entry.seq, subject: entry.subject }, "not a ticket event, skipped");
      return;
    }
    this.#recent.push(change);
    if (this.#recent.length > this.#capacity) {
      const evicted = this.#recent.shift() as TicketChange;
      this.#coveredFrom = evicted.seq + 1;
    }
    for (const follower of this.#followers) follower.offer(change);
  }
}
