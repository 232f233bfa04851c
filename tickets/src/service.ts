import {
  defineService,
  listener,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
} from "@microtickets/common";
import { ticketsConfig } from "./config.js";
import type { TicketsDeps } from "./deps.js";
import { releaseTicket, releaseTickets } from "./events/order-cancelled-listener.js";
import { sellTicket, sellTickets } from "./events/order-completed-listener.js";
import { reserveTicket, reserveTickets } from "./events/order-created-listener.js";
import { EventStreams } from "./live/event-streams.js";
import { TicketFeed } from "./live/ticket-feed.js";
import { listTicketsRouter } from "./routes/index.js";
import { newTicketRouter } from "./routes/new.js";
import { showTicketRouter } from "./routes/show.js";
import { updateTicketRouter } from "./routes/update.js";
import { ticketUpdatesRouter } from "./routes/updates.js";

/** Tickets for sale: listed and edited by sellers, reserved and sold as orders' events say. */
export const ticketsService = defineService({
  name: "tickets",
  config: ticketsConfig,
  migrations: new URL("./migrations", import.meta.url),
  async setup({ config, logger, db, bus }) {
    // Its own ordered consumer: every replica sees every change, whichever replica made it.
    const ticketFeed = await TicketFeed.start({
      nc: bus.nc,
      bus: bus.config,
      logger,
      recentChanges: config.TICKET_FEED_RECENT_CHANGES,
    });
    const eventStreams = new EventStreams({
      heartbeatMs: config.EVENT_STREAM_HEARTBEAT_MS,
      maxQueuedChanges: config.EVENT_STREAM_MAX_QUEUED_CHANGES,
    });
    const deps: TicketsDeps = { db, ticketFeed, eventStreams };
    return {
      routes: [
        newTicketRouter(deps),
        listTicketsRouter(deps),
        // Before /api/tickets/:id, which would take "updates" for an id.
        ticketUpdatesRouter(deps),
        showTicketRouter(deps),
        updateTicketRouter(deps),
      ],
      listeners: [
        listener(OrderCreated, reserveTicket, reserveTickets),
        listener(OrderCancelled, releaseTicket, releaseTickets),
        listener(OrderCompleted, sellTicket, sellTickets),
      ],
      resources: [{ name: "ticket feed", close: () => ticketFeed.stop() }],
      // An open event stream never finishes by itself: end them, or closing waits forever.
      onHttpClose: () => eventStreams.closeAll(),
      deps,
    };
  },
});
