import type { EmulatorLogger } from "./logger.js";
import { stripeSignature } from "./webhook-signature.js";

/** Where signed events are POSTed, and the secret they are signed with (`whsec_…`). */
export interface WebhookEndpoint {
  url: string;
  secret: string;
}

/** Backoff between attempts to deliver one event: initialMs, doubling up to maxMs. */
export interface WebhookRetryPolicy {
  initialMs: number;
  maxMs: number;
  maxAttempts: number;
}

// Stripe retries for three days; a development tool retries for a long while (about 2.7 hours at
// the 10 s ceiling), quickly at first so a receiver that restarts gets its events soon.
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  initialMs: 100,
  maxMs: 10_000,
  maxAttempts: 1000,
};

// Like Stripe, an endpoint that does not answer in time has failed the attempt.
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface Deliverable {
  id: string;
  type: string;
  /** The event's JSON as of this attempt. */
  body(): string;
}

/**
 * Delivers each event to the current endpoint at least once: a non-2xx answer or a connection
 * error retries the same event (same id, fresh signature) with exponential backoff. Deliveries
 * run independently, so events may arrive out of order, as with Stripe.
 */
export class WebhookDeliveries {
  #pending = 0;
  #whenSettled: Array<() => void> = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  readonly #closing = new AbortController();

  constructor(
    private readonly endpoint: () => WebhookEndpoint | undefined,
    private readonly retry: WebhookRetryPolicy,
    private readonly logger: EmulatorLogger,
    private readonly onDelivered: (eventId: string) => void,
  ) {}

  deliver(event: Deliverable): void {
    if (this.#closing.signal.aborted) return;
    this.#pending++;
    void this.#attempt(event, 1);
  }

  /** Resolves once no delivery is in flight or waiting to be retried. */
  settled(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenSettled.push(resolve));
  }

  /** Stops retrying and aborts attempts in flight; undelivered events are dropped. */
  close(): void {
    this.#closing.abort();
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    this.#pending = 0;
    this.#settle();
  }

  async #attempt(event: Deliverable, attempt: number): Promise<void> {
    // Read at each attempt: retries follow an endpoint that moved (setWebhook).
    const endpoint = this.endpoint();
    if (!endpoint) {
      this.logger.warn({ eventId: event.id, type: event.type }, "no webhook endpoint: dropped");
      return this.#finish();
    }
    const failure = await this.#post(endpoint, event.body());
    if (this.#closing.signal.aborted) return;
    if (failure === undefined) {
      this.logger.info({ eventId: event.id, type: event.type, attempt }, "webhook delivered");
      this.onDelivered(event.id);
      return this.#finish();
    }
    const log = { eventId: event.id, type: event.type, url: endpoint.url, attempt, failure };
    if (attempt >= this.retry.maxAttempts) {
      this.logger.error(log, "webhook delivery failed; giving up");
      return this.#finish();
    }
    const retryInMs = Math.min(this.retry.initialMs * 2 ** (attempt - 1), this.retry.maxMs);
    this.logger.warn({ ...log, retryInMs }, "webhook delivery failed; retrying");
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      void this.#attempt(event, attempt + 1);
    }, retryInMs);
    this.#retryTimers.add(timer);
  }

  /** Undefined when the endpoint took it (2xx), otherwise why not. */
  async #post(endpoint: WebhookEndpoint, body: string): Promise<string | undefined> {
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": stripeSignature(body, endpoint.secret),
        },
        body,
        signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      // Read to the end, so the connection can carry the next delivery.
      await response.arrayBuffer();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return describeFetchError(error);
    }
  }

  #finish(): void {
    this.#pending--;
    if (this.#pending === 0) this.#settle();
  }

  #settle(): void {
    const waiting = this.#whenSettled;
    this.#whenSettled = [];
    for (const resolve of waiting) resolve();
  }
}

/** fetch says "fetch failed"; the cause (ECONNREFUSED …) is what helps. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error)
    return `${error.message}: ${(cause as NodeJS.ErrnoException).code ?? cause.message}`;
  return error.message;
}
