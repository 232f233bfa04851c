import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * Payments accepted a payment attempt for an order before its `expiresAt`, and asks orders to
 * hold the order for it. Nothing is charged until orders answers with order.held: a payment that
 * raced a cancellation is then refused before any money moves.
 */
export const PaymentStarted = defineEvent(Subjects.PaymentStarted, z.object({ id, orderId: id }));
