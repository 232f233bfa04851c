import {
  ConflictError,
  idempotency,
  isUuid,
  NotFoundError,
  requireAuth,
  signedInUser,
  ValidationError,
  validateRequest,
} from "@microtickets/common";
import { Router } from "express";
import { body } from "express-validator";
import type { OrdersDeps } from "../deps.js";
import { newOrder } from "../domain/order.js";
import { placeOrder } from "../domain/order-changes.js";
import { orderJson } from "../domain/order-json.js";
import { findTicket } from "../domain/ticket-replica.js";

export const NEW_ORDER_ROUTE = "POST /api/orders";

// A custom check sees the whole value: express-validator's own checks go through an array
// element by element, so ["<uuid>"] would pass them.
const validTicketId = body("ticketId").custom(isUuid).withMessage("ticketId must be a ticket's id");

export function newOrderRouter({ db, clock, lockSeconds }: OrdersDeps): Router {
  return Router().post(
    "/api/orders",
    requireAuth,
    idempotency({ pool: db, route: NEW_ORDER_ROUTE }),
    validTicketId,
    validateRequest,
    async (req, res) => {
      const buyer = signedInUser(req);
      const { ticketId } = req.body as { ticketId: string };
      const ticket = await findTicket(db, ticketId);
      if (!ticket) throw new NotFoundError("Ticket not found");
      if (ticket.userId === buyer.id) {
        throw ValidationError.field("ticketId", "You cannot buy your own ticket");
      }
      const order = newOrder({ userId: buyer.id, ticket, now: clock(), lockSeconds });
      if (!(await placeOrder(db, order))) throw new ConflictError("Ticket is reserved or sold");
      res.status(201).json(orderJson({ ...order, ticketTitle: ticket.title }));
    },
  );
}
