import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { listAvailableTickets } from "../domain/listing.js";
import { ticketJson } from "../domain/ticket-json.js";
import { readListingQuery } from "./listing-query.js";

export function listTicketsRouter({ db }: TicketsDeps): Router {
  return Router().get("/api/tickets", async (req, res) => {
    const { limit, after } = readListingQuery(req);
    const page = await listAvailableTickets(db, limit, after);
    if (page.next) {
      const next = new URLSearchParams({ limit: String(limit), cursor: page.next });
      res.set("Link", `</api/tickets?${next}>; rel="next"`);
    }
    res.json(page.tickets.map(ticketJson));
  });
}
