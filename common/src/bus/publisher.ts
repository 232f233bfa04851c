import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import type { Event } from "../events/index.js";
import { type BusConfig, wireSubject } from "./stream.js";

/** What goes on the wire; the subject is a plain string so outbox rows publish as they are. */
export type OutgoingEvent = Omit<Event, "subject"> & { subject: string };

/**
 * Publishes one event and waits for JetStream to store it. The event id is the Nats-Msg-Id, so
 * a republish within the stream's duplicate window (a relay retrying after a lost ack) is
 * dropped by the server: the returned PubAck then says `duplicate: true`.
 */
export function publishEvent(
  js: JetStreamClient,
  config: BusConfig,
  event: OutgoingEvent,
): Promise<PubAck> {
  const envelope = {
    id: event.id,
    subject: event.subject,
    occurredAt: event.occurredAt,
    data: event.data,
  };
  return js.publish(wireSubject(config, event.subject), JSON.stringify(envelope), {
    msgID: event.id,
    // A subject captured by some other stream must fail loudly, not vanish there.
    expect: { streamName: config.stream },
  });
}
