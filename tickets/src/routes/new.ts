import { requireAuth, signedInUser, validateRequest, withTransaction } from "@microtickets/common";
import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { newTicketDetails } from "../domain/ticket.js";
import { createTicket } from "../domain/ticket-changes.js";
import { ticketJson } from "../domain/ticket-json.js";
import { readTicketBody, ticketBody } from "./ticket-body.js";

export function newTicketRouter({ db }: TicketsDeps): Router {
  return Router().post(
    "/api/tickets",
    requireAuth,
    ...ticketBody,
    validateRequest,
    async (req, res) => {
      const listing = { ...newTicketDetails(readTicketBody(req)), userId: signedInUser(req).id };
      const ticket = await withTransaction(db, (tx) => createTicket(tx, listing));
      res.status(201).json(ticketJson(ticket));
    },
  );
}
