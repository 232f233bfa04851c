import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { Follower } from "../live/follower.js";
import { readUpdatesRequest } from "./updates-query.js";

/** Public, like the listing: what changes is what anyone can already read. */
export function ticketUpdatesRouter({ ticketFeed, eventStreams }: TicketsDeps): Router {
  return Router().get("/api/tickets/updates", async (req, res) => {
    const { ids, after } = readUpdatesRequest(req);
    const stream = eventStreams.open(res);
    if (stream.closed) return;
    const follower = new Follower(stream, {
      matches: ids ? (ticket) => ids.has(ticket.id) : () => true,
      maxQueued: eventStreams.maxQueuedChanges,
    });
    try {
      const unfollow = await ticketFeed.follow(follower, after);
      stream.onClose(unfollow);
    } catch (error) {
      // Headers are sent: end the stream, and the browser reconnects with its Last-Event-ID.
      req.log.warn({ err: error, after }, "could not replay missed ticket changes");
      stream.end();
    }
  });
}
