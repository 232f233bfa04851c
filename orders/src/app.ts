import {
  createApp,
  type Logger,
  type ReadinessChecks,
  type SessionPublicKey,
} from "@microtickets/common";
import type { OrdersDeps } from "./deps.js";
import { deleteOrderRouter } from "./routes/delete.js";
import { listOrdersRouter } from "./routes/index.js";
import { newOrderRouter } from "./routes/new.js";
import { showOrderRouter } from "./routes/show.js";

export interface OrdersAppOptions {
  deps: OrdersDeps;
  logger: Logger;
  sessionPublicKey: SessionPublicKey;
  readiness: ReadinessChecks;
  trustProxy?: number;
}

export function buildApp({ deps, ...options }: OrdersAppOptions) {
  return createApp({
    ...options,
    routes: [
      newOrderRouter(deps),
      listOrdersRouter(deps),
      showOrderRouter(deps),
      deleteOrderRouter(deps),
    ],
  });
}
