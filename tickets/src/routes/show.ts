import { NotFoundError } from "@microtickets/common";
import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { ticketJson } from "../domain/ticket-json.js";
import { findTicket } from "../domain/tickets.js";

export function showTicketRouter({ db }: TicketsDeps): Router {
  return Router().get("/api/tickets/:id", async (req, res) => {
    const ticket = await findTicket(db, req.params.id);
    if (!ticket) throw new NotFoundError("Ticket not found");
    res.json(ticketJson(ticket));
  });
}
