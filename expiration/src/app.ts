import {
  collectProcessMetrics,
  errorHandler,
  notFound,
  opsRouter,
  type ReadinessChecks,
} from "@microtickets/common";
import express, { type Express } from "express";

export interface ExpirationAppOptions {
  readiness: ReadinessChecks;
}

/**
 * Only the operations endpoints (/healthz, /readyz, /metrics): this service serves no API, so
 * it needs none of the sessions and body parsing of `createApp`.
 */
export function buildApp({ readiness }: ExpirationAppOptions): Express {
  collectProcessMetrics();
  const app = express();
  app.disable("x-powered-by");
  app.use(opsRouter(readiness));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
