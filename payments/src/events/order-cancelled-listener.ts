import type { Handler, OrderCancelled } from "@microtickets/common";
import { lockOrderReplica, replicateSettledOrder } from "../domain/order-replica.js";
import { orderCancelled } from "../domain/payment.js";
import { liveAttempt, savePayment } from "../domain/payments.js";

/**
 * The order was cancelled (by the buyer, or its lock ran out): no new payment is taken for it,
 * and a charge that got through meanwhile is marked for a refund, which the sweep makes.
 * An intent still waiting for 3-D Secure is cancelled at Stripe by the sweep too.
 */
export const rememberCancellation: Handler<typeof OrderCancelled> = async (
  data,
  { tx, logger },
) => {
  await replicateSettledOrder(tx, { ...data, status: "cancelled" });
  await lockOrderReplica(tx, data.id);
  const live = await liveAttempt(tx, data.id);
  const transition = live && orderCancelled(live);
  if (transition?.kind === "move") {
    await savePayment(tx, transition.to);
    logger.warn(
      { orderId: data.id, paymentId: transition.to.id },
      "cancelled order was paid, refunding",
    );
  } else {
    logger.info({ orderId: data.id }, "order cancelled");
  }
};
