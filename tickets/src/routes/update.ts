import {
  NotFoundError,
  requireAuth,
  signedInUser,
  validateRequest,
  withTransaction,
} from "@microtickets/common";
import { type Request, type Response, Router } from "express";
import type { TicketsDeps } from "../deps.js";
import { assertEditableBy, editedTicketDetails } from "../domain/ticket.js";
import { editTicket } from "../domain/ticket-changes.js";
import { ticketJson } from "../domain/ticket-json.js";
import { lockTicket } from "../domain/tickets.js";
import { readTicketBody, ticketBody } from "./ticket-body.js";

export function updateTicketRouter({ db }: TicketsDeps): Router {
  return Router().put(
    "/api/tickets/:id",
    requireAuth,
    ...ticketBody,
    validateRequest,
    async (req: Request<{ id: string }>, res: Response) => {
      const userId = signedInUser(req).id;
      const edit = readTicketBody(req);
      const ticket = await withTransaction(db, async (tx) => {
        // Locked: this edit and an order's reservation of the ticket take turns.
        const current = await lockTicket(tx, req.params.id);
        if (!current) throw new NotFoundError("Ticket not found");
        assertEditableBy(current, userId);
        return editTicket(tx, current.id, editedTicketDetails(current, edit));
      });
      res.json(ticketJson(ticket));
    },
  );
}
