import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * Orders holds the order for a payment attempt (payment.started): until that attempt ends
 * (payment.created or payment.failed) the order is neither cancelled by its buyer nor by its
 * lock running out. Only now does payments charge, so a charge it reports is final.
 */
export const OrderHeld = defineEvent(Subjects.OrderHeld, z.object({ id, paymentId: id }));
