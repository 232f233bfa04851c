import { requireAuth, signedInUser } from "@microtickets/common";
import { Router } from "express";
import type { OrdersDeps } from "../deps.js";
import { orderJson } from "../domain/order-json.js";
import { findOwnOrder } from "./own-order.js";

export function showOrderRouter({ db }: OrdersDeps): Router {
  return Router().get("/api/orders/:id", requireAuth, async (req, res) => {
    const order = await findOwnOrder(db, req.params.id, signedInUser(req).id);
    res.status(200).json(orderJson(order));
  });
}
