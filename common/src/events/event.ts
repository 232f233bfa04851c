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
}

export type DataOf<T> = T extends EventDefinition<Subject, infer D> ? D : never;
export type EventOf<T> = T extends EventDefinition<infer S, infer D> ? Event<S, D> : never;

export function defineEvent<S extends Subject, D>(
  subject: S,
  schema: z.ZodType<D>,
): EventDefinition<S, D> {
  return {
    subject,
    schema,
    build: (data, now = new Date()) => ({
      id: randomUUID(),
      subject,
      occurredAt: now.toISOString(),
      data: schema.parse(data),
    }),
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
