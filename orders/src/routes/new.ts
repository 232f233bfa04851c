import {
  ConflictError,
  IDEMPOTENCY_HEADER,
  idempotency,
  isUuid,
  NotFoundError,
  requireAuth,
  signedInUser,
  uuidFromName,
  ValidationError,
  validateRequest,
} from "@microtickets/common";
import { Router } from "express";
import { body } from "express-validator";
import type { OrdersDeps } from "../deps.js";
import { countOrderAttempt, placeWithinOpenOrderCap } from "../domain/fair-sales.js";
import { newOrder } from "../domain/order.js";
import { placeOrder } from "../domain/order-changes.js";
import { orderJson } from "../domain/order-json.js";
import { findOrderDetails } from "../domain/orders.js";
import { findTicket } from "../domain/ticket-replica.js";

export const NEW_ORDER_ROUTE = "POST /api/orders";

// A custom check sees the whole value: express-validator's own checks go through an array
// element by element, so ["<uuid>"] would pass them.
const validTicketId = body("ticketId").custom(isUuid).withMessage("ticketId must be a ticket's id");

export function newOrderRouter({ db, clock, lockSeconds, fairSales }: OrdersDeps): Router {
  return Router().post(
    "/api/orders",
    requireAuth,
    idempotency({ pool: db, route: NEW_ORDER_ROUTE }),
    validTicketId,
    validateRequest,
    async (req, res) => {
      const buyer = signedInUser(req);
      // Before the lookup: a 404, 400 or 409 is an attempt too (fair-sales.ts).
      await countOrderAttempt(db, buyer.id, clock(), fairSales);
      const { ticketId } = req.body as { ticketId: string };
      // Under an Idempotency-Key the order's id comes from the key, so a retry after a crash
      // between placing the order and recording its answer finds that order and answers it.
      const key = req.get(IDEMPOTENCY_HEADER);
      const keyedId =
        key === undefined
          ? undefined
          : uuidFromName(`${NEW_ORDER_ROUTE}/${buyer.id}/${key}/${ticketId}`);
      const earlier = keyedId ? await findOrderDetails(db, keyedId) : null;
      if (earlier?.userId === buyer.id) {
        res.status(201).json(orderJson(earlier));
        return;
      }
      const ticket = await findTicket(db, ticketId);
      if (!ticket) throw new NotFoundError("Ticket not found");
      if (ticket.userId === buyer.id) {
        throw ValidationError.field("ticketId", "You cannot buy your own ticket");
      }
      const fresh = newOrder({ userId: buyer.id, ticket, now: clock(), lockSeconds });
      const order = keyedId === undefined ? fresh : { ...fresh, id: keyedId };
      const placed = await placeWithinOpenOrderCap(db, order, fairSales.maxOpenOrders, (tx) =>
        placeOrder(tx, order),
      );
      if (!placed) throw new ConflictError("Ticket is reserved or sold");
      res.status(201).json(orderJson({ ...order, ticketTitle: ticket.title }));
    },
  );
}
