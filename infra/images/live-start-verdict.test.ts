import { describe, expect, it } from "vitest";
import {
  describeReadiness,
  judgeLiveStart,
  type LiveStartOutcome,
  lastLines,
  summariseLogLine,
} from "./live-start-verdict.js";

const limits = { readyDeadlineMs: 60_000, drainDeadlineMs: 20_000 };
const clean: LiveStartOutcome = {
  readyMs: 2_430,
  exitCode: 0,
  stopMs: 310,
  leftBehind: [],
  lastLines: ["info stopped"],
};

describe("judging a live start", () => {
  it("passes when it was ready, stopped on SIGTERM with 0 within the drain, and left nothing", () => {
    expect(judgeLiveStart(clean, limits)).toEqual({
      summary: "ready in 2.4 s, SIGTERM exit 0 in 0.3 s",
      problems: [],
    });
  });

  it("fails when /readyz never said 200, with what it said last and what the service printed", () => {
    const verdict = judgeLiveStart(
      {
        lastAnswer: "no answer (fetch failed)",
        exitCode: 143,
        stopMs: 40,
        leftBehind: [],
        lastLines: ["warn PostgreSQL not reachable, retrying: connect ECONNREFUSED 127.0.0.1:1"],
      },
      limits,
    );
    expect(verdict.summary).toBe("not ready in 60.0 s, SIGTERM exit 143 in 0.0 s");
    expect(verdict.problems).toEqual([
      "live start: /readyz did not answer 200 within 60.0 s; /readyz last said no answer (fetch failed)",
      "it printed last:\n    warn PostgreSQL not reachable, retrying: connect ECONNREFUSED 127.0.0.1:1",
    ]);
  });

  it("fails when it exited by itself before it was ready", () => {
    const verdict = judgeLiveStart(
      {
        exitedUnasked: true,
        exitCode: 1,
        leftBehind: [],
        lastLines: ["fatal failed to start: boom"],
      },
      limits,
    );
    expect(verdict.summary).toBe("exited before ready, exit 1");
    expect(verdict.problems[0]).toBe("live start: exited 1 before /readyz answered 200");
  });

  it("fails when it exits by itself once ready, before it is asked to stop", () => {
    const { stopMs: _, ...ready } = clean;
    const verdict = judgeLiveStart({ ...ready, exitedUnasked: true, exitCode: 0 }, limits);
    expect(verdict.summary).toBe("ready in 2.4 s, exit 0");
    expect(verdict.problems[0]).toBe("live start: exited 0 by itself once ready, unasked");
  });

  it("fails when SIGTERM ends it otherwise than with 0: the drain's deadline, or a signal", () => {
    const verdict = judgeLiveStart({ ...clean, exitCode: 1, stopMs: 20_050 }, limits);
    expect(verdict.summary).toBe("ready in 2.4 s, SIGTERM exit 1 in 20.1 s");
    expect(verdict.problems[0]).toBe("live start: exited 1 after SIGTERM, not 0");
  });

  it("fails when it outlives the stop deadline: SIGTERM never reached node", () => {
    const verdict = judgeLiveStart(
      { ...clean, exitCode: 124, killed: true, stopMs: 25_000 },
      limits,
    );
    expect(verdict.summary).toBe("ready in 2.4 s, SIGTERM killed in 25.0 s");
    expect(verdict.problems[0]).toMatch(/^live start: still running 25.0 s after SIGTERM, killed/);
  });

  it("fails when it could not be started, and when its cleanup left something behind", () => {
    const verdict = judgeLiveStart(
      {
        notStarted: "could not create database images_3fa9c1_auth: password authentication failed",
        leftBehind: ["Redis keys images:3fa9c1:auth:* (connect ECONNREFUSED)"],
        lastLines: [],
      },
      limits,
    );
    expect(verdict).toEqual({
      summary: "not started, cleanup failed",
      problems: [
        "live start: could not create database images_3fa9c1_auth: password authentication failed",
        "live start could not remove Redis keys images:3fa9c1:auth:* (connect ECONNREFUSED)",
      ],
    });
  });
});

describe("what /readyz said", () => {
  it("is its status and the checks that failed, with why", () => {
    const body = JSON.stringify({
      status: "not ready",
      checks: {
        database: "ok",
        nats: "consumers and outbox relay are stopped",
        redis: "timed out",
      },
    });
    expect(describeReadiness(503, body)).toBe(
      "503 (nats: consumers and outbox relay are stopped; redis: timed out)",
    );
  });

  it("is its status alone when the body is not the kit's", () => {
    expect(describeReadiness(404, "Cannot GET /readyz")).toBe("404");
  });
});

describe("what a service printed", () => {
  it("reads pino's lines as level, message and error", () => {
    const line = JSON.stringify({
      level: 50,
      time: 1,
      name: "orders",
      err: { type: "Error", message: "connect ECONNREFUSED 127.0.0.1:4222", stack: "…" },
      msg: "failed to start",
    });
    expect(summariseLogLine(line)).toBe(
      "error failed to start: connect ECONNREFUSED 127.0.0.1:4222",
    );
    expect(summariseLogLine('{"level":30,"msg":"listening","port":4003}')).toBe("info listening");
  });

  it("keeps any other line as it is, and only the last ones", () => {
    expect(summariseLogLine("auth: Invalid configuration: DATABASE_URL: required")).toBe(
      "auth: Invalid configuration: DATABASE_URL: required",
    );
    expect(summariseLogLine("42")).toBe("42");
    expect(lastLines("a\n\n b \nc\n", 2)).toEqual(["b", "c"]);
  });

  it("says a line it repeated once, with how many times", () => {
    const retry =
      '{"level":40,"msg":"NATS not reachable, retrying","err":{"message":"ECONNREFUSED"}}';
    const output = ["starting", retry, retry, retry, "subprocess exited on terminated"].join("\n");
    expect(lastLines(output, 2)).toEqual([
      "warn NATS not reachable, retrying: ECONNREFUSED (×3)",
      "subprocess exited on terminated",
    ]);
  });
});
