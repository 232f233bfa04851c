import { DeliverPolicy } from "@nats-io/jetstream";
import { type Event, envelopeSchema, type Subject } from "../events/index.js";
import { eventually } from "./eventually.js";
import type { TestBus } from "./test-bus.js";

export interface EventLog {
  /** Every event published to the test's stream so far, in stream order, prefix removed. */
  all(): Event[];
  /** Waits (with a deadline) for an event of `subject` that matches, and returns it. */
  waitFor<D = Record<string, unknown>>(
    subject: Subject,
    matches?: (data: D) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<Event<Subject, D>>;
  /** Calls `listener` with each event published from now on, in stream order. */
  onEvent(listener: (event: Event) => void): void;
  stop(): Promise<void>;
}

/**
 * Reads the test's whole stream from the start with an ordered consumer (no durable left
 * behind), so a test can assert on what a service published through its outbox.
 */
export async function watchEvents(testBus: TestBus): Promise<EventLog> {
  const consumer = await testBus.js.consumers.get(testBus.bus.stream, {
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume();
  const events: Event[] = [];
  const listeners: ((event: Event) => void)[] = [];
  const reading = (async () => {
    for await (const msg of messages) {
      const event = eventIn(msg.string(), msg.subject.slice(testBus.bus.subjectPrefix.length));
      // Not an event (a test fuzzing a consumer publishes anything): nobody announced it.
      if (!event) continue;
      events.push(event);
      for (const listener of listeners) listener(event);
    }
  })();
  return {
    all: () => [...events],
    waitFor: <D>(subject: Subject, matches = (_: D) => true, { timeoutMs = 5_000 } = {}) =>
      eventually(
        () =>
          events.find(
            (event): event is Event<Subject, D> =>
              event.subject === subject && matches(event.data as D),
          ),
        { timeoutMs },
      ),
    onEvent: (listener) => {
      listeners.push(listener);
    },
    stop: async () => {
      await messages.close();
      await reading;
    },
  };
}

/** The event a message holds, if it is one in an envelope naming the subject it was sent on. */
function eventIn(text: string, subject: string): Event | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.subject !== subject) return undefined;
  return envelope.data as Event;
}
