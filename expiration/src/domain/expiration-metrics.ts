import { Counter, Histogram, register } from "prom-client";

// Registered once per process: tests build several workers in one.
const lateness =
  (register.getSingleMetric("expiration_lateness_seconds") as Histogram | undefined) ??
  new Histogram({
    name: "expiration_lateness_seconds",
    help: "Time from an order's expiresAt to JetStream storing its expiration.complete",
    // The contract's goal is p99 within 1 s of expiresAt, for the whole chain.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });

const publishFailures =
  (register.getSingleMetric("expiration_publish_failures_total") as Counter | undefined) ??
  new Counter({
    name: "expiration_publish_failures_total",
    help: "Attempts to publish expiration.complete that failed",
  });

export function recordPublished(expiresAt: string, publishedAt: number): void {
  lateness.observe(Math.max(0, publishedAt - Date.parse(expiresAt)) / 1_000);
}

export function recordPublishFailure(): void {
  publishFailures.inc();
}
