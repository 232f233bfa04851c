import { randomUUID } from "node:crypto";
import {
  ConflictError,
  IDEMPOTENCY_HEADER,
  idempotency,
  isUuid,
  PaymentRequiredError,
  requireAuth,
  signedInUser,
  uuidFromName,
  validateRequest,
} from "@microtickets/common";
import { Router } from "express";
import { body } from "express-validator";
import type { PaymentsDeps } from "../deps.js";
import { pay } from "../domain/pay.js";
import { PaymentStatus } from "../domain/payment.js";
import { paymentJson } from "../domain/payment-json.js";

export const NEW_PAYMENT_ROUTE = "POST /api/payments";

const validOrderId = body("orderId").custom(isUuid).withMessage("orderId must be an order's id");
const validPaymentMethod = body("paymentMethodId")
  .isString()
  .bail()
  .matches(/^pm_\w{1,250}$/)
  .withMessage("paymentMethodId must be a Stripe PaymentMethod id (pm_…)");

export function newPaymentRouter(deps: PaymentsDeps): Router {
  return Router().post(
    "/api/payments",
    requireAuth,
    idempotency({ pool: deps.db, route: NEW_PAYMENT_ROUTE }),
    validOrderId,
    validPaymentMethod,
    validateRequest,
    async (req, res) => {
      const buyer = signedInUser(req);
      const { orderId, paymentMethodId } = req.body as { orderId: string; paymentMethodId: string };
      // A retry under the same key is the same attempt, so Stripe sees the same idempotency key.
      const key = req.get(IDEMPOTENCY_HEADER);
      const paymentId = key
        ? uuidFromName(`${NEW_PAYMENT_ROUTE}/${buyer.id}/${key}/${orderId}/${paymentMethodId}`)
        : randomUUID();

      const { payment, clientSecret } = await pay(
        deps,
        { paymentId, orderId, userId: buyer.id, paymentMethod: paymentMethodId },
        req.log,
      );
      switch (payment.status) {
        case PaymentStatus.Succeeded:
          res.status(201).json(paymentJson(payment));
          return;
        case PaymentStatus.RequiresAction:
        case PaymentStatus.Pending:
          res.status(202).json({ ...paymentJson(payment), clientSecret });
          return;
        case PaymentStatus.Failed:
          throw new PaymentRequiredError(payment.failure ?? "The payment was declined");
        case PaymentStatus.Canceled:
          throw new ConflictError("The payment was canceled: the order is cancelled");
        case PaymentStatus.Refunding:
        case PaymentStatus.Refunded:
          throw new ConflictError(
            "The order was cancelled while the payment went through: the charge is refunded",
          );
      }
    },
  );
}
