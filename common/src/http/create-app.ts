import cookieParser from "cookie-parser";
import express, { type Express, type Router } from "express";
import helmet from "helmet";
import type { Logger } from "../logger.js";
import { opsRouter, type ReadinessChecks } from "../ops/health.js";
import { collectProcessMetrics, httpMetrics } from "../ops/metrics.js";
import { currentUser } from "./current-user.js";
import { errorHandler, notFound } from "./error-handler.js";
import { requestContext } from "./request-context.js";
import { requireJson } from "./require-json.js";
import { requireWellFormedText } from "./require-well-formed-text.js";
import type { RevokedSessions } from "./revoked-sessions.js";
import type { SessionPublicKeys } from "./session.js";
import "./types.js";

export const BODY_LIMIT = "100kb";

export interface AppOptions {
  logger: Logger;
  /** Every public key auth publishes, by kid. */
  sessionPublicKey: SessionPublicKeys;
  /** Sessions signed out before their expiry (the kit keeps it from `session.revoked`). */
  revokedSessions?: RevokedSessions;
  readiness: ReadinessChecks;
  /** The service's routes, one router per route file. */
  routes: Router[];
  /** Routes that read the raw body themselves (a signed webhook), mounted before JSON parsing. */
  rawBodyRoutes?: Router[];
  /** Hops of proxies in front (gateway or ingress), so req.ip is the client's address. */
  trustProxy?: number;
}

/** Only /healthz, /readyz and /metrics: for a service that serves no API (expiration). */
export function createOpsApp(readiness: ReadinessChecks): Express {
  collectProcessMetrics();
  const app = express();
  app.disable("x-powered-by");
  app.use(opsRouter(readiness));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}

/** The skeleton every service shares; a service only brings its routes and readiness checks. */
export function createApp(options: AppOptions): Express {
  collectProcessMetrics();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? 1);
  app.use(helmet());
  app.use(requestContext(options.logger));
  app.use(opsRouter(options.readiness));
  app.use(httpMetrics);
  for (const router of options.rawBodyRoutes ?? []) app.use(router);
  app.use(requireJson);
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(requireWellFormedText);
  app.use(cookieParser());
  app.use(currentUser({ keys: options.sessionPublicKey, revoked: options.revokedSessions }));
  for (const router of options.routes) app.use(router);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
