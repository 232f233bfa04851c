import type { Response } from "express";

/**
 * One event in the text/event-stream format; `data` must be one line (JSON is). Without an id
 * the browser's Last-Event-ID stays where it was (a snapshot is no position in the stream).
 */
export function eventFrame(id: number | undefined, event: string, data: string): Buffer {
  const idLine = id === undefined ? "" : `id: ${id}\n`;
  return Buffer.from(`${idLine}event: ${event}\ndata: ${data}\n\n`);
}

/**
 * One open Server-Sent Events response. Writes go straight to the socket: no compression and
 * `X-Accel-Buffering: no`, so the gateway and ingress-nginx pass each event on at once.
 */
export class EventStream {
  readonly #res: Response;

  constructor(res: Response, retryMs: number) {
    this.#res = res;
    res.statusCode = 200;
    // setHeader, not res.set: Express would append a charset; event streams are UTF-8 by definition.
    res.setHeader("Content-Type", "text/event-stream");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    // Small frames must leave at once, not wait for Nagle to fill a packet.
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    // How long a browser waits before reconnecting, e.g. to another replica after a restart.
    res.write(`retry: ${retryMs}\n\n`);
  }

  get closed(): boolean {
    return this.#res.destroyed || this.#res.writableEnded;
  }

  /** The socket holds more than its high-water mark: wait for `drained()` before writing more. */
  get needsDrain(): boolean {
    return this.#res.writableNeedDrain;
  }

  /** An event framed by `eventFrame`: built once, written to every stream that gets it. */
  send(frame: Buffer): void {
    if (this.closed) return;
    this.#res.write(frame);
  }

  /** A comment line: ignored by EventSource, it keeps idle proxies from timing the stream out. */
  comment(text: string): void {
    if (this.closed) return;
    this.#res.write(`: ${text}\n\n`);
  }

  /** Resolves once the socket took what was buffered, or the stream closed. */
  drained(): Promise<void> {
    if (this.closed || !this.needsDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#res.off("drain", done);
        this.#res.off("close", done);
        resolve();
      };
      this.#res.on("drain", done);
      this.#res.on("close", done);
    });
  }

  /** Calls back once when the stream ends, whoever ends it; at once if it already has. */
  onClose(callback: () => void): void {
    if (this.#res.destroyed) callback();
    else this.#res.once("close", callback);
  }

  /** Ends the response cleanly: the browser reconnects with Last-Event-ID. */
  end(): void {
    if (!this.closed) this.#res.end();
  }

  /** Cuts a client that does not keep up: what it missed it gets back by reconnecting. */
  drop(): void {
    this.#res.destroy();
  }
}
