// The live start of a service image: its own command, given a real configuration against the
// shared PostgreSQL, NATS and Redis, must migrate and answer /readyz 200, then stop on SIGTERM
// with 0 within runService's drain. A start with nothing configured (smoke.ts) only shows the
// image holds the right program; this shows it runs, and that SIGTERM reaches node in it.
import { writeFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { freePort } from "@microtickets/dev-servers";
import { deployable } from "../k8s/deployables.js";
import { startInContainer } from "./container-run.js";
import type { Engine } from "./engine.js";
import type { ImageSpec } from "./images.js";
import { claimNamespace, releaseNamespace } from "./live-namespace.js";
import {
  liveNamespace,
  liveStartEnv,
  newWebhookSecret,
  type SessionKeyPair,
  type SharedServers,
} from "./live-start-env.js";
import {
  describeReadiness,
  judgeLiveStart,
  type LiveStartLimits,
  type LiveStartOutcome,
  lastLines,
} from "./live-start-verdict.js";
import type { Verdict } from "./smoke.js";

export const LIVE_START_LIMITS: LiveStartLimits = {
  // A fresh database is migrated first (common's tables, then the service's): seconds here.
  readyDeadlineMs: 60_000,
  // common/src/service/run-service.ts: SHUTDOWN_DEADLINE_MS, after which it exits 1 itself.
  drainDeadlineMs: 20_000,
};
/** Past the drain: long enough to see runService's own deadline exit 1, rather than kill first. */
const STOP_DEADLINE_MS = LIVE_START_LIMITS.drainDeadlineMs + 5_000;
const POLL_INTERVAL_MS = 100;
/** /readyz runs each check with a 2 s timeout; an answer later than this is no answer. */
const READYZ_TIMEOUT_MS = 3_000;
const LAST_LINES = 12;

export interface LiveStartRun {
  /** One `npm run images`'s id in every name it makes (live-start-env.ts). */
  runId: string;
  servers: SharedServers;
  keys: SessionKeyPair;
  /** Where the service's whole output goes. */
  logFile: string;
}

/** Starts the image's command for real, stops it with SIGTERM, and removes what it made. */
export async function liveStart(
  engine: Engine,
  image: ImageSpec,
  tag: string,
  command: readonly string[],
  run: LiveStartRun,
): Promise<Verdict> {
  const entry = deployable(image.name);
  const namespace = liveNamespace(run.runId, image.name);
  const notStarted = (error: unknown) => ({
    notStarted: error instanceof Error ? error.message : String(error),
    lastLines: [],
  });
  try {
    await claimNamespace(entry, run.servers, namespace);
  } catch (error) {
    // Nothing was made: a database is created last, and nothing else before the service starts.
    return judgeLiveStart({ ...notStarted(error), leftBehind: [] }, LIVE_START_LIMITS);
  }
  let outcome: Omit<LiveStartOutcome, "leftBehind">;
  try {
    const env = liveStartEnv(entry, {
      servers: run.servers,
      namespace,
      keys: run.keys,
      port: await freePort(),
      webhookSecret: newWebhookSecret(),
    });
    outcome = await startAndStop(engine, tag, command, env, run.logFile);
  } catch (error) {
    outcome = notStarted(error);
  }
  // Whatever happened above, the service has exited: nothing holds what it made.
  const leftBehind = await releaseNamespace(entry, run.servers, namespace);
  return judgeLiveStart({ ...outcome, leftBehind }, LIVE_START_LIMITS);
}

async function startAndStop(
  engine: Engine,
  tag: string,
  command: readonly string[],
  env: Record<string, string>,
  logFile: string,
): Promise<Omit<LiveStartOutcome, "leftBehind">> {
  // Its variables' names, not their values: the session's private key is among them.
  writeFileSync(logFile, `$ ${command.join(" ")} (with ${Object.keys(env).join(", ")})\n`);
  const container = await startInContainer(engine, {
    image: tag,
    command,
    env,
    hostNetwork: true,
    logFile,
    // A backstop only: the deadlines below end it first.
    timeoutMs: LIVE_START_LIMITS.readyDeadlineMs + STOP_DEADLINE_MS + 10_000,
  });
  const startedAt = performance.now();
  let exited = false;
  const finished = container.finished.then((result) => {
    exited = true;
    return result;
  });

  const url = `http://127.0.0.1:${env.PORT}/readyz`;
  const readiness = await waitForReady(url, () => exited);
  const readyMs = readiness.ready ? performance.now() - startedAt : undefined;
  const exitedUnasked = exited;

  let stopMs: number | undefined;
  let killed = false;
  if (!exitedUnasked) {
    const signalledAt = performance.now();
    container.signal("SIGTERM");
    if (!(await settlesWithin(finished, STOP_DEADLINE_MS))) {
      killed = true;
      container.kill();
    }
    await finished;
    stopMs = performance.now() - signalledAt;
  }
  const result = await finished;
  return {
    readyMs,
    lastAnswer: readiness.ready ? undefined : readiness.lastAnswer,
    exitedUnasked,
    exitCode: result.code,
    stopMs,
    killed,
    lastLines: lastLines(`${result.stdout}\n${result.stderr}`, LAST_LINES),
  };
}

/** Whether the promise settles within `ms`; the timer goes with it, holding nothing open. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

type Readiness = { ready: true } | { ready: false; lastAnswer?: string };

/**
 * Asks /readyz until it answers 200, the program exits, or the deadline passes. Polling, not a
 * log line: /readyz is what a kubelet's probe asks, and says which dependency is missing.
 */
async function waitForReady(url: string, exited: () => boolean): Promise<Readiness> {
  const deadline = performance.now() + LIVE_START_LIMITS.readyDeadlineMs;
  let lastAnswer: string | undefined;
  while (!exited() && performance.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(READYZ_TIMEOUT_MS) });
      const body = await response.text();
      if (response.status === 200) return { ready: true };
      lastAnswer = describeReadiness(response.status, body);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      lastAnswer = `no answer (${cause ?? (error as Error).message})`;
    }
    await delay(POLL_INTERVAL_MS);
  }
  return { ready: false, lastAnswer };
}
