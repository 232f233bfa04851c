import {
  ConflictError,
  NotFoundError,
  requireAuth,
  signedInUser,
  withTransaction,
} from "@microtickets/common";
import { Router } from "express";
import type { OrdersDeps } from "../deps.js";
import { cancelLockedOrder } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";
import { parseOrderId } from "./own-order.js";

export function deleteOrderRouter({ db }: OrdersDeps): Router {
  return Router().delete("/api/orders/:id", requireAuth, async (req, res) => {
    const id = parseOrderId(req.params.id);
    const userId = signedInUser(req).id;
    // Locked: a payment completing this order at the same moment waits, or wins and we see it.
    const transition = await withTransaction(db, async (tx) => {
      const order = await lockOrder(tx, id);
      if (!order || order.userId !== userId) throw new NotFoundError("Order not found");
      return cancelLockedOrder(tx, order);
    });
    if (transition.kind === "refuse")
      throw new ConflictError("A complete order cannot be cancelled");
    // A payment attempt holds the order: it was accepted first, so it wins (or fails, and the
    // buyer may cancel then).
    if (transition.kind === "wait") {
      throw new ConflictError("A payment for this order is under way; it cannot be cancelled now");
    }
    // Moved or already cancelled: either way the order is cancelled now (a repeat is fine).
    res.status(204).end();
  });
}
