export interface HoldHandle {
  release(): void;
}

/**
 * Fault injection: while held, a request that charged has done its work (the charge is in the
 * ledger) but its answer and its webhooks wait here until release. That is Stripe answering
 * after the caller timed out or crashed, which idempotent retries and webhooks must survive.
 */
export class ResponseHold {
  #held = false;
  #waiting: Array<() => void> = [];

  hold(): HoldHandle {
    this.#held = true;
    return { release: () => this.release() };
  }

  release(): void {
    this.#held = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resume of waiting) resume();
  }

  /** Resolves at once when nothing is held, otherwise at the release. */
  passage(): Promise<void> {
    if (!this.#held) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}
