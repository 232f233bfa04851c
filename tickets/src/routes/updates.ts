import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { ticketJson } from "../domain/ticket-json.js";
import { findTickets } from "../domain/tickets.js";
import { eventFrame } from "../live/event-stream.js";
import { Follower } from "../live/follower.js";
import { readUpdatesRequest } from "./updates-query.js";

/** Public, like the listing: what changes is what anyone can already read. */
export function ticketUpdatesRouter({ db, ticketFeed, eventStreams }: TicketsDeps): Router {
  return Router().get("/api/tickets/updates", async (req, res) => {
    const { ids, after, snapshot } = readUpdatesRequest(req);
    const stream = eventStreams.open(res);
    if (stream.closed) return;
    const follower = new Follower(stream, {
      matches: ids ? (ticket) => ids.has(ticket.id) : () => true,
      maxQueued: eventStreams.maxQueuedChanges,
    });
    try {
      const unfollow = await ticketFeed.follow(follower, after);
      stream.onClose(unfollow);
      // Read after following: a change committed later comes from the feed, an earlier one is
      // in the snapshot, so a page that rendered a moment ago misses nothing in between. The
      // browser keeps the newest version of each ticket, whichever way it arrived.
      if (snapshot && ids) {
        for (const ticket of await findTickets(db, [...ids])) {
          stream.send(eventFrame(undefined, "ticket", JSON.stringify(ticketJson(ticket))));
        }
      }
    } catch (error) {
      // Headers are sent: end the stream, and the browser reconnects with its Last-Event-ID.
      req.log.warn({ err: error, after }, "could not replay missed ticket changes");
      stream.end();
    }
  });
}
