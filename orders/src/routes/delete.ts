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
import { awaitChargeEnd } from "../domain/payment-attempts.js";
import { parseOrderId } from "./own-order.js";

export function deleteOrderRouter({ db, cancelWaitMs }: OrdersDeps): Router {
  return Router().delete("/api/orders/:id", requireAuth, async (req, res) => {
    const id = parseOrderId(req.params.id);
    const userId = signedInUser(req).id;
    // Locked: a payment completing this order at the same moment waits, or wins and we see it.
    const cancel = () =>
      withTransaction(db, async (tx) => {
        const order = await lockOrder(tx, id);
        if (!order || order.userId !== userId) throw new NotFoundError("Order not found");
        return cancelLockedOrder(tx, order);
      });
    let transition = await cancel();
    // A payment being charged holds the order: it was accepted first, so its end decides. Often
    // it has ended already (the buyer was told "declined") and only the news is on its way.
    if (transition.kind === "wait") {
      await awaitChargeEnd(db, id, cancelWaitMs);
      transition = await cancel();
    }
    if (transition.kind === "refuse")
      throw new ConflictError("A complete order cannot be cancelled");
    if (transition.kind === "wait") {
      throw new ConflictError("A payment for this order is under way; it cannot be cancelled now");
    }
    // Moved or already cancelled: either way the order is cancelled now (a repeat is fine).
    res.status(204).end();
  });
}
