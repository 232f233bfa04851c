import type { Response } from "express";
import { EventStream } from "./event-stream.js";

export interface EventStreamsOptions {
  /** A comment goes to every open stream this often (CONTRACT.md: at least every 15 s). */
  heartbeatMs?: number;
  /** The reconnection delay a browser is told to use. */
  retryMs?: number;
  /**
   * Live changes one stream may have waiting for its socket before it counts as too slow and is
   * dropped (it resumes by reconnecting): what bounds the memory a client that stopped reading
   * can hold. They are references to changes every stream shares, a few bytes each.
   */
  maxQueuedChanges?: number;
}

/**
 * The process's open event streams: one heartbeat timer for all of them, and one place that
 * ends them on shutdown, since an open stream would otherwise hold the HTTP server open forever.
 */
export class EventStreams {
  readonly #open = new Set<EventStream>();
  readonly #retryMs: number;
  readonly maxQueuedChanges: number;
  readonly #heartbeat: NodeJS.Timeout;
  #closing = false;

  constructor({
    heartbeatMs = 15_000,
    retryMs = 1_000,
    maxQueuedChanges = 1_000,
  }: EventStreamsOptions = {}) {
    this.#retryMs = retryMs;
    this.maxQueuedChanges = maxQueuedChanges;
    this.#heartbeat = setInterval(() => this.#beat(), heartbeatMs);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#open.size;
  }

  /**
   * Starts the response. Once shutdown began it ends at once: a 200 that ends makes EventSource
   * reconnect (to another replica); an error status would make it give up for good.
   */
  open(res: Response): EventStream {
    const stream = new EventStream(res, this.#retryMs);
    if (this.#closing) {
      stream.end();
      return stream;
    }
    this.#open.add(stream);
    stream.onClose(() => this.#open.delete(stream));
    return stream;
  }

  /** Ends every open stream and every one opened from now on. */
  closeAll(): void {
    this.#closing = true;
    clearInterval(this.#heartbeat);
    for (const stream of this.#open) stream.end();
  }

  #beat(): void {
    // A stream whose socket is still full is not idle: what it has not yet sent keeps it alive.
    for (const stream of this.#open) if (!stream.needsDrain) stream.comment("keep-alive");
  }
}
