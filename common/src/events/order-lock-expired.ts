import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * An order's lock ran out by orders' clock, and no payment attempt holds it yet. Before
 * cancelling it, orders asks payments whether an attempt was accepted in time, whose
 * payment.started may still be on the bus: payments takes no new attempt for the order from now
 * on, and answers payment.window-closed once none of its attempts is open.
 */
export const OrderLockExpired = defineEvent(
  Subjects.OrderLockExpired,
  z.object({ id, userId: id }),
);
