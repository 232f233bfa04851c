import { signedInUser } from "@microtickets/common";
import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { listTickets } from "../domain/listing.js";
import { ticketJson } from "../domain/ticket-json.js";
import { nextPageUrl, readListingQuery } from "./listing-query.js";

/** GET /api/tickets: the available tickets, or with `seller=me` the caller's own in every status. */
export function listTicketsRouter({ db }: TicketsDeps): Router {
  return Router().get("/api/tickets", async (req, res) => {
    // Signed out, asking for "my" tickets is 401 before anything in the query is a 400.
    const sellerId = req.query.seller === "me" ? signedInUser(req).id : undefined;
    const query = readListingQuery(req);
    const page = await listTickets(db, {
      limit: query.limit,
      after: query.after,
      filter: { words: query.q, category: query.category, sellerId },
    });
    if (page.next) res.set("Link", `<${nextPageUrl(query, page.next)}>; rel="next"`);
    res.json(page.tickets.map(ticketJson));
  });
}
