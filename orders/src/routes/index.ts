import { requireAuth, signedInUser } from "@microtickets/common";
import { Router } from "express";
import type { OrdersDeps } from "../deps.js";
import { orderJson } from "../domain/order-json.js";
import { listOrdersOf } from "../domain/orders.js";

export function listOrdersRouter({ db }: OrdersDeps): Router {
  return Router().get("/api/orders", requireAuth, async (req, res) => {
    const orders = await listOrdersOf(db, signedInUser(req).id);
    res.status(200).json(orders.map(orderJson));
  });
}
