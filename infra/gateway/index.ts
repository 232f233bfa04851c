export { createGateway, type GatewayOptions } from "./gateway.js";
export type { GatewayRoute } from "./routing.js";
export { close, listen } from "./serve.js";
