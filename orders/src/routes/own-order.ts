import { isUuid, NotFoundError, type Queryable } from "@microtickets/common";
import { findOrderDetails, type OrderDetails } from "../domain/orders.js";

/** A malformed id names no order: 404 like an unknown one, before it reaches the database. */
export function parseOrderId(id: unknown): string {
  if (!isUuid(id)) throw new NotFoundError("Order not found");
  return id;
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
