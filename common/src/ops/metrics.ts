import type { RequestHandler } from "express";
import { Counter, collectDefaultMetrics, Histogram, register } from "prom-client";

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

/** What each consumer did with the events it was handed: applied, skipped (seen before), … */
export const busEvents =
  (register.getSingleMetric("bus_events_total") as Counter | undefined) ??
  new Counter({
    name: "bus_events_total",
    help: "Events handed to a consumer, by consumer and outcome",
    labelNames: ["consumer", "outcome"],
  });

/** How many events each transaction applied: near 1 when idle, up to the batch size in a backlog. */
export const busBatchSize =
  (register.getSingleMetric("bus_batch_size") as Histogram | undefined) ??
  new Histogram({
    name: "bus_batch_size",
    help: "Events applied per transaction, by consumer",
    labelNames: ["consumer"],
    buckets: [1, 2, 4, 8, 16, 32],
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
