import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Subject } from "./subjects.js";

/** What travels on the bus: an id (also the JetStream Nats-Msg-Id), the subject, when, and the payload. */
export interface Event<S extends Subject = Subject, D = unknown> {
  id: string;
  subject: S;
  occurredAt: string;
  data: D;
}

export interface EventDefinition<S extends Subject, D> {
  subject: S;
  schema: z.ZodType<D>;
  /** Builds a new event: it gets its id and time here, once. */
  build(data: D, now?: Date): Event<S, D>;
  /**
   * Builds the event under an id the caller derived from what it announces, for a publisher
   * without an outbox that may publish the same event again (expiration's worker retrying a
   * job): JetStream's duplicate window and the consumers' inboxes then drop the repeats.
   */
  buildWithId(id: string, data: D, now?: Date): Event<S, D>;
}

export type DataOf<T> = T extends EventDefinition<Subject, infer D> ? D : never;

export function defineEvent<S extends Subject, D>(
  subject: S,
  schema: z.ZodType<D>,
): EventDefinition<S, D> {
  const buildWithId = (eventId: string, data: D, now = new Date()): Event<S, D> => ({
    id: eventId,
    subject,
    occurredAt: now.toISOString(),
    data: schema.parse(data),
  });
  return {
    subject,
    schema,
    build: (data, now) => buildWithId(randomUUID(), data, now),
    buildWithId,
  };
}

export const envelopeSchema = z.object({
  id: z.uuid(),
  subject: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});

/** Shared payload parts. Money is integer cents inside the system. */
export const id = z.uuid();
export const version = z.number().int().nonnegative();
export const cents = z.number().int().positive();
