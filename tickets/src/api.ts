// What other packages may know of tickets: the JSON its routes answer with, a client for its
// live updates (GET /api/tickets/updates), and the listing query the benchmark measures at scale
// (on a database migrated as the service's definition says).
export type { ListingPosition } from "./domain/cursor.js";
export {
  type ListingFilter,
  type ListingRequest,
  listingQuery,
  listTickets,
} from "./domain/listing.js";
export type { TicketJson } from "./domain/ticket-json.js";
export {
  type EventStreamClient,
  openEventStream,
  type ReceivedEvent,
} from "./live/event-stream-client.js";
export { ticketsService } from "./service.js";
