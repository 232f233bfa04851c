import { newId, unixSeconds } from "../ids.js";

/** The API version stripe@23.1.0 pins; events and answers are in its shape. */
export const API_VERSION = "2026-10-28.endive";

/** The API request that caused an event; both null for what the buyer did (3-D Secure). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const BY_THE_BUYER: RequestContext = { requestId: null, idempotencyKey: null };

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: object };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export type EventSink = (event: StripeEvent) => void;

/** Every event the account emitted, for `GET /v1/events/:id`, each handed to `deliver` once. */
export class EventLog {
  readonly #events = new Map<string, StripeEvent>();

  constructor(
    /** Whether an endpoint would receive an event made now (Stripe sends none to a later one). */
    private readonly hasEndpoint: () => boolean,
    private readonly deliver: EventSink,
  ) {}

  /** Snapshots `object` as it is now: later changes are later events. */
  publish(type: string, object: object, context: RequestContext): void {
    const willDeliver = this.hasEndpoint();
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: unixSeconds(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: willDeliver ? 1 : 0,
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
    };
    this.#events.set(event.id, event);
    if (willDeliver) this.deliver(event);
  }

  find(id: string): StripeEvent | undefined {
    return this.#events.get(id);
  }

  markDelivered(id: string): void {
    const event = this.#events.get(id);
    if (event) event.pending_webhooks = 0;
  }
}
