import {
  envelopeSchema,
  type StreamEntry,
  TicketCreated,
  TicketUpdated,
} from "@microtickets/common";
import type { Ticket } from "../domain/ticket.js";
import { ticketFromEvent } from "../domain/ticket-events.js";
import { type TicketJson, ticketJson } from "../domain/ticket-json.js";
import { eventFrame } from "./event-stream.js";

/** A ticket as it is after one change, and where that change sits in the stream. */
export interface TicketChange {
  /** The stream sequence of its event: the `id:` a client resumes after. */
  seq: number;
  ticket: TicketJson;
  /** The event as it goes on the wire, encoded once for every client that receives it. */
  frame: Buffer;
}

/**
 * The ticket an event on the bus describes, as the API shows it; undefined for anything that
 * is not a valid ticket event (a live feed skips it, the durable consumers dead-letter it).
 */
export function ticketChangeFrom(entry: StreamEntry): TicketChange | undefined {
  const ticket = ticketOf(entry);
  if (!ticket) return undefined;
  const json = ticketJson(ticket);
  return {
    seq: entry.seq,
    ticket: json,
    frame: eventFrame(entry.seq, "ticket", JSON.stringify(json)),
  };
}

function ticketOf(entry: StreamEntry): Ticket | undefined {
  let body: unknown;
  try {
    body = JSON.parse(entry.body);
  } catch {
    return undefined;
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success || envelope.data.subject !== entry.subject) return undefined;
  const definition =
    entry.subject === TicketCreated.subject
      ? TicketCreated
      : entry.subject === TicketUpdated.subject
        ? TicketUpdated
        : undefined;
  const data = definition?.schema.safeParse(envelope.data.data);
  return data?.success ? ticketFromEvent(data.data) : undefined;
}
