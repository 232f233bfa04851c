import type { Handler, OrderHeld } from "@microtickets/common";
import { recordHold } from "../domain/holds.js";

/** Orders holds the order for our attempt: the attempt may be charged now (see `pay`). */
export const rememberHold: Handler<typeof OrderHeld> = async (data, { tx, logger }) => {
  const fields = { orderId: data.id, paymentId: data.paymentId };
  if (await recordHold(tx, data.paymentId)) logger.info(fields, "order held for the payment");
  else logger.info(fields, "order hold already known");
};
