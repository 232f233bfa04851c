// What other packages may know of orders: the JSON its routes answer with.
export type { OrderJson } from "./domain/order-json.js";
