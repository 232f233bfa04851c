// What other packages may know of payments: the JSON its routes answer with.
export type { PaymentJson } from "./domain/payment-json.js";
