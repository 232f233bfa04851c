import type { RequestHandler } from "express";
import { collectDefaultMetrics, Histogram, register } from "prom-client";

let defaultsCollected = false;

/** Process metrics once per process (tests build many apps in one). */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  collectDefaultMetrics();
  defaultsCollected = true;
}

const httpDuration =
  (register.getSingleMetric("http_request_duration_seconds") as Histogram | undefined) ??
  new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

/** Labels by route pattern, not URL, so ids don't explode the series count. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on("finish", () => {
    const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
};

export const metricsEndpoint: RequestHandler = async (_req, res) => {
  res.set("Content-Type", register.contentType).send(await register.metrics());
};
