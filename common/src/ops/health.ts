import { Router } from "express";
import { metricsEndpoint } from "./metrics.js";

/** A named dependency check for /readyz: resolves when the dependency answers. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: () => Promise<unknown>): Promise<unknown> {
  return Promise.race([
    check(),
    new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS)),
  ]);
}

/**
 * /healthz: the process is alive. /readyz: every dependency answers, so a load balancer may
 * send traffic. /metrics: Prometheus text.
 */
export function opsRouter(checks: ReadinessChecks): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check);
          return [name, "ok"] as const;
        } catch (error) {
          return [name, error instanceof Error ? error.message : "failed"] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result === "ok");
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? "ready" : "not ready", checks: Object.fromEntries(results) });
  });
  router.get("/metrics", metricsEndpoint);
  return router;
}
