// What a live start (live-start.ts) showed, judged: the one phrase for the table and, when it
// failed, what to read. Pure, so each way of failing is tested without an image.
import type { Verdict } from "./smoke.js";

/** What one live start saw, as it happened. */
export interface LiveStartOutcome {
  /** Why its command was never started (its database could not be made, no free port …). */
  notStarted?: string;
  /** From starting its command to the first /readyz 200; unset when none came. */
  readyMs?: number;
  /** What /readyz said last when it never said 200: `503 (database: …)`, `no answer (…)`. */
  lastAnswer?: string;
  /** It exited before it was sent SIGTERM (a failed start: runService exits 1). */
  exitedUnasked?: boolean;
  /** Its exit code; unset when it was not started. */
  exitCode?: number;
  /** From SIGTERM to its exit; unset when it was not sent one. */
  stopMs?: number;
  /** It outlived the stop deadline and was killed. */
  killed?: boolean;
  /** What its cleanup could not remove from the shared servers, and why. */
  leftBehind: string[];
  /** What it printed last, one summarised line each. */
  lastLines: string[];
}

export interface LiveStartLimits {
  readyDeadlineMs: number;
  /** runService's: SIGTERM to exit 0, else it exits 1 itself. */
  drainDeadlineMs: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function judgeLiveStart(outcome: LiveStartOutcome, limits: LiveStartLimits): Verdict {
  const problems: string[] = [];
  let summary: string;
  if (outcome.notStarted !== undefined) {
    summary = "not started";
    problems.push(`live start: ${outcome.notStarted}`);
  } else {
    const ready =
      outcome.readyMs !== undefined
        ? `ready in ${seconds(outcome.readyMs)}`
        : outcome.exitedUnasked
          ? "exited before ready"
          : `not ready in ${seconds(limits.readyDeadlineMs)}`;
    const exit = outcome.killed ? "killed" : `exit ${outcome.exitCode ?? "-"}`;
    const stop =
      outcome.stopMs === undefined ? exit : `SIGTERM ${exit} in ${seconds(outcome.stopMs)}`;
    summary = `${ready}, ${stop}`;
    if (outcome.readyMs === undefined) {
      const answer = outcome.lastAnswer ? `; /readyz last said ${outcome.lastAnswer}` : "";
      problems.push(
        outcome.exitedUnasked
          ? `live start: exited ${outcome.exitCode} before /readyz answered 200${answer}`
          : `live start: /readyz did not answer 200 within ${seconds(limits.readyDeadlineMs)}${answer}`,
      );
    } else if (outcome.exitedUnasked) {
      problems.push(`live start: exited ${outcome.exitCode} by itself once ready, unasked`);
    } else if (outcome.killed) {
      problems.push(
        `live start: still running ${seconds(outcome.stopMs ?? 0)} after SIGTERM, killed ` +
          `(SIGTERM did not reach node, or its drain hung past ${seconds(limits.drainDeadlineMs)})`,
      );
    } else if (outcome.exitCode !== 0) {
      problems.push(`live start: exited ${outcome.exitCode} after SIGTERM, not 0`);
    } else if (outcome.stopMs !== undefined && outcome.stopMs > limits.drainDeadlineMs) {
      problems.push(
        `live start: took ${seconds(outcome.stopMs)} to stop, past the ${seconds(limits.drainDeadlineMs)} drain`,
      );
    }
  }
  if (problems.length > 0 && outcome.lastLines.length > 0) {
    problems.push(`it printed last:\n    ${outcome.lastLines.join("\n    ")}`);
  }
  for (const left of outcome.leftBehind) problems.push(`live start could not remove ${left}`);
  if (outcome.leftBehind.length > 0) summary += ", cleanup failed";
  return { summary, problems };
}

/** `/readyz`'s answer in a few words: its status and the checks that failed, with their reasons. */
export function describeReadiness(status: number, body: string): string {
  let checks: Record<string, unknown> | undefined;
  try {
    checks = (JSON.parse(body) as { checks?: Record<string, unknown> }).checks;
  } catch {
    // Not the kit's JSON: its status alone.
  }
  const failing = Object.entries(checks ?? {})
    .filter(([, result]) => result !== "ok")
    .map(([name, result]) => `${name}: ${String(result)}`);
  return failing.length > 0 ? `${status} (${failing.join("; ")})` : String(status);
}

const PINO_LEVELS: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

/** A pino line as `<level> <msg>: <error>`; any other line as it is. */
export function summariseLogLine(line: string): string {
  let entry: { level?: number; msg?: string; err?: { message?: string } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return line;
  }
  if (typeof entry !== "object" || entry === null || typeof entry.msg !== "string") return line;
  const level = PINO_LEVELS[entry.level ?? 0] ?? String(entry.level ?? "");
  const error = entry.err?.message ? `: ${entry.err.message}` : "";
  return `${level} ${entry.msg}${error}`;
}

/** The last `count` lines a run printed, summarised, a line repeated once with its count. */
export function lastLines(output: string, count: number): string[] {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map(summariseLogLine);
  const runs: { line: string; times: number }[] = [];
  for (const line of lines) {
    const last = runs.at(-1);
    if (last?.line === line) last.times++;
    else runs.push({ line, times: 1 });
  }
  return runs.slice(-count).map(({ line, times }) => (times === 1 ? line : `${line} (×${times})`));
}
