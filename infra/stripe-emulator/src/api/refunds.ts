import { Router } from "express";
import type { StripeAccount } from "../account/account.js";
import { createRefund } from "../account/refunds.js";
import {
  optionalEnum,
  optionalPositiveInteger,
  optionalString,
  readExpand,
  readMetadata,
  rejectUnknownParams,
} from "../params.js";
import { parameterErrors } from "../stripe-errors.js";
import type { Endpoint } from "./endpoint.js";
import { expandRefund, REFUND_EXPANDABLE } from "./expand.js";

const CREATE_PARAMS = ["payment_intent", "charge", "amount", "reason", "metadata", "expand"];
const REASONS = ["duplicate", "fraudulent", "requested_by_customer"];

export function refundRoutes(account: StripeAccount, endpoint: Endpoint): Router {
  const router = Router();

  router.post(
    "/v1/refunds",
    endpoint(({ params, context }) => {
      rejectUnknownParams(params, CREATE_PARAMS);
      const expand = readExpand(params, REFUND_EXPANDABLE);
      const paymentIntent = optionalString(params, "payment_intent") || undefined;
      const charge = optionalString(params, "charge") || undefined;
      if (!paymentIntent && !charge) {
        throw parameterErrors.invalid(
          "payment_intent",
          "One of the following params should be provided for this request: payment_intent or charge.",
          "parameter_missing",
        );
      }
      const input = {
        paymentIntent,
        charge,
        amount: optionalPositiveInteger(params, "amount"),
        reason: optionalEnum(params, "reason", REASONS),
        metadata: readMetadata(params),
      };
      return expandRefund(account, createRefund(account, input, context), expand);
    }),
  );

  router.get(
    "/v1/refunds/:id",
    endpoint(({ params, id }) => {
      rejectUnknownParams(params, ["expand"]);
      return expandRefund(account, account.refund(id), readExpand(params, REFUND_EXPANDABLE));
    }),
  );

  return router;
}
