import { NotFoundError, type Queryable } from "@microtickets/common";
import { z } from "zod";
import { findOrderDetails, type OrderDetails } from "../domain/orders.js";

const orderId = z.uuid();

/** A malformed id names no order: 404 like an unknown one, before it reaches the database. */
export function parseOrderId(id: unknown): string {
  const parsed = orderId.safeParse(id);
  if (!parsed.success) throw new NotFoundError("Order not found");
  return parsed.data;
}

/** Another buyer's order is 404, not 403: whether it exists is none of the caller's business. */
export async function findOwnOrder(
  db: Queryable,
  id: unknown,
  userId: string,
): Promise<OrderDetails> {
  const order = await findOrderDetails(db, parseOrderId(id));
  if (!order || order.userId !== userId) throw new NotFoundError("Order not found");
  return order;
}
