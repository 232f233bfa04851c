import type { Pool } from "@microtickets/common";
import type { EventStreams } from "./live/event-streams.js";
import type { TicketFeed } from "./live/ticket-feed.js";

/** What the routes need, built once in service.ts's setup; tests reach it as `t.deps`. */
export interface TicketsDeps {
  db: Pool;
  /** Every ticket change on the bus, as this process reads it. */
  ticketFeed: TicketFeed;
  /** The open GET /api/tickets/updates responses, ended together on shutdown. */
  eventStreams: EventStreams;
}
