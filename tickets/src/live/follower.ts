import type { TicketJson } from "../domain/ticket-json.js";
import type { EventStream } from "./event-stream.js";
import type { TicketChange } from "./ticket-change.js";

export interface FollowerOptions {
  /** Which tickets this client asked for. */
  matches: (ticket: TicketJson) => boolean;
  /** Live changes waiting for the socket before the client is dropped as too slow. */
  maxQueued: number;
}

/**
 * One client's view of the feed: first what it missed (`replay`, at the socket's pace), then the
 * live changes in stream order, each once, queued while its socket is full.
 */
export class Follower {
  readonly #stream: EventStream;
  readonly #options: FollowerOptions;
  readonly #queue: TicketChange[] = [];
  /** Live changes at or before this stream sequence were replayed or sent already. */
  #after = 0;
  #live = false;
  #waiting = false;

  constructor(stream: EventStream, options: FollowerOptions) {
    this.#stream = stream;
    this.#options = options;
  }

  get closed(): boolean {
    return this.#stream.closed;
  }

  /** A change the client missed, older than every live one: resolves when there is room for more. */
  async replay(change: TicketChange): Promise<void> {
    if (!this.#options.matches(change.ticket)) return;
    this.#write(change);
    await this.#stream.drained();
  }

  /** From now on live changes after `after` go out; the ones queued meanwhile first. */
  goLive(after: number): void {
    this.#after = Math.max(this.#after, after);
    const queued = this.#queue.splice(0).filter((change) => change.seq > this.#after);
    this.#queue.push(...queued);
    this.#live = true;
    this.#pump();
  }

  /** A live change, in stream order. */
  offer(change: TicketChange): void {
    if (this.#live && change.seq <= this.#after) return;
    if (!this.#options.matches(change.ticket)) return;
    this.#queue.push(change);
    if (this.#queue.length > this.#options.maxQueued) {
      this.#queue.length = 0;
      this.#stream.drop();
      return;
    }
    if (this.#live) this.#pump();
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#stream.needsDrain && !this.closed) {
      const change = this.#queue.shift() as TicketChange;
      this.#after = change.seq;
      this.#write(change);
    }
    if (this.#queue.length === 0 || this.#waiting || this.closed) return;
    this.#waiting = true;
    void this.#stream.drained().then(() => {
      this.#waiting = false;
      this.#pump();
    });
  }

  #write(change: TicketChange): void {
    this.#stream.send(change.frame);
  }
}
