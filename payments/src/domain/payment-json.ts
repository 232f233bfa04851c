import type { Payment } from "./payment.js";

/** A payment as the API shows it (CONTRACT.md: `{id, orderId, stripeId, status}`). */
export interface PaymentJson {
  id: string;
  orderId: string;
  stripeId: string | null;
  status: Payment["status"];
}

export const paymentJson = (payment: Payment): PaymentJson => ({
  id: payment.id,
  orderId: payment.orderId,
  stripeId: payment.stripeId,
  status: payment.status,
});
