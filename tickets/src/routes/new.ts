import {
  addToOutbox,
  requireAuth,
  signedInUser,
  validateRequest,
  withTransaction,
} from "@microtickets/common";
import { Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { newTicketDetails } from "../domain/ticket.js";
import { ticketCreated } from "../domain/ticket-events.js";
import { ticketJson } from "../domain/ticket-json.js";
import { insertTicket } from "../domain/tickets.js";
import { readTicketBody, ticketBody } from "./ticket-body.js";

export function newTicketRouter({ db }: TicketsDeps): Router {
  return Router().post(
    "/api/tickets",
    requireAuth,
    ...ticketBody,
    validateRequest,
    async (req, res) => {
      const listing = { ...newTicketDetails(readTicketBody(req)), userId: signedInUser(req).id };
      const ticket = await withTransaction(db, async (tx) => {
        const created = await insertTicket(tx, listing);
        await addToOutbox(tx, ticketCreated(created));
        return created;
      });
      res.status(201).json(ticketJson(ticket));
    },
  );
}
