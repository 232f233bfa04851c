import { describe, expect, it } from "vitest";
import { IMAGES, type ImageSpec } from "./images.js";
import type { ImageFacts } from "./inspect.js";
import {
  configProblems,
  expectedWorkdir,
  judgeContents,
  judgeHealthz,
  judgeRefusal,
} from "./smoke.js";

const image = (name: string): ImageSpec => {
  const found = IMAGES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(name);
  return found;
};
const refusal = (name: string) => {
  const check = image(name).smoke.find((candidate) => candidate.kind === "refuses-empty-config");
  if (check?.kind !== "refuses-empty-config") throw new Error(`${name} does not refuse`);
  return check;
};
const exited = (code: number, stderr: string, stdout = "") => ({ code, stdout, stderr });

describe("a service started with nothing configured", () => {
  it("passes when it exits 1 with the one line naming the variable it lacks first", () => {
    const verdict = judgeRefusal(
      refusal("auth"),
      exited(
        1,
        "auth: Invalid configuration: DATABASE_URL: Invalid input: expected string, received undefined\n",
      ),
    );
    expect(verdict).toEqual({ summary: "exit 1, names DATABASE_URL", problems: [] });
  });

  it("fails when it exits otherwise, names another variable, or says more than the one line", () => {
    const line = "auth: Invalid configuration: DATABASE_URL: required";
    expect(judgeRefusal(refusal("auth"), exited(0, line)).problems[0]).toBe("exited 0, not 1");
    expect(
      judgeRefusal(refusal("auth"), exited(1, "auth: Invalid configuration: REDIS_URL: required"))
        .problems[0],
    ).toMatch(/^no line matching/);
    expect(
      judgeRefusal(refusal("auth"), exited(1, line, '{"level":30,"msg":"started"}')).problems[0],
    ).toBe("printed 2 lines, not one");
  });

  it("fails when it is another program: expiration's image must name REDIS_URL", () => {
    const verdict = judgeRefusal(
      refusal("expiration"),
      exited(1, "auth: Invalid configuration: DATABASE_URL: required"),
    );
    expect(verdict.summary).toBe("exit 1, names nothing");
    expect(verdict.problems).not.toEqual([]);
  });
});

describe("the storefront started with nothing configured", () => {
  it("passes when, after Next's banner, it exits 1 naming API_URL", () => {
    const stdout = "▲ Next.js 16.4.6\n- Local: http://localhost:3000\n✓ Ready in 0ms\n";
    const stderr =
      "storefront: invalid configuration: API_URL (or AUTH_API_URL) must be the http(s) URL the API answers at\n";
    expect(judgeRefusal(refusal("client"), exited(1, stderr, stdout))).toEqual({
      summary: "exit 1, names API_URL",
      problems: [],
    });
  });

  it("fails when it keeps running until the timeout", () => {
    expect(
      judgeRefusal(refusal("client"), exited(124, "node: no exit within 60000 ms")).problems[0],
    ).toBe("exited 124, not 1");
  });
});

const healthzCheck = (name: string) => {
  const check = image(name).smoke.find((candidate) => candidate.kind === "answers-healthz");
  if (check?.kind !== "answers-healthz") throw new Error(`${name} has no /healthz check`);
  return check;
};
const EMULATOR_HEALTHZ = healthzCheck("stripe-emulator");

describe("the Stripe emulator's /healthz probe", () => {
  it("passes on a 200 and a clean exit after SIGTERM", () => {
    const report = JSON.stringify({ status: 200, body: '{"status":"ok"}', exit: 0 });
    expect(judgeHealthz(EMULATOR_HEALTHZ, exited(0, "", `${report}\n`))).toEqual({
      summary: "/healthz 200, SIGTERM exit 0",
      problems: [],
    });
  });

  it("fails on another answer, a failed exit, an error, or no report at all", () => {
    expect(
      judgeHealthz(EMULATOR_HEALTHZ, exited(0, "", JSON.stringify({ status: 500, exit: 0 })))
        .problems,
    ).toEqual(["/healthz answered 500"]);
    expect(
      judgeHealthz(
        EMULATOR_HEALTHZ,
        exited(0, "", JSON.stringify({ status: 200, exit: "SIGKILL" })),
      ).problems,
    ).toEqual(["after SIGTERM it exited SIGKILL, not 0"]);
    expect(
      judgeHealthz(
        EMULATOR_HEALTHZ,
        exited(0, "", JSON.stringify({ exit: 1, error: "exited before /healthz answered" })),
      ).problems[0],
    ).toBe("exited before /healthz answered");
    expect(judgeHealthz(EMULATOR_HEALTHZ, exited(127, "buildah: not found")).summary).toBe(
      "no report",
    );
  });

  it("takes the storefront's 143 after SIGTERM as clean, as Next means it, and 0 as not what Next does", () => {
    const report = (exit: number) =>
      exited(0, "", JSON.stringify({ status: 200, body: "ok", exit }));
    expect(judgeHealthz(healthzCheck("client"), report(143)).problems).toEqual([]);
    expect(judgeHealthz(healthzCheck("client"), report(0)).problems).toEqual([
      "after SIGTERM it exited 0, not 143",
    ]);
  });
});

describe("what an image holds", () => {
  it("fails for each dev-only package found, naming where", () => {
    const found = exited(0, "", '["/app/node_modules/typescript"]\n');
    expect(judgeContents(image("auth"), found)).toEqual([
      "holds /app/node_modules/typescript, which auth never runs",
    ]);
    expect(judgeContents(image("auth"), exited(0, "", "[]\n"))).toEqual([]);
  });

  it("keeps the build tools and the storefront out of every backend image", () => {
    for (const name of ["auth", "tickets", "orders", "expiration", "payments"]) {
      expect(image(name).mustNotContain).toEqual(
        expect.arrayContaining([
          "typescript",
          "vitest",
          "tsx",
          "@biomejs/biome",
          "playwright-core",
          "next",
        ]),
      );
    }
  });
});

const FACTS: ImageFacts = {
  size: 1,
  user: "10001:10001",
  workingDir: "/app/auth",
  command: ["node", "dist/index.js"],
  env: { NODE_ENV: "production" },
  exposedPorts: ["4001/tcp"],
  labels: {},
};

describe("an image's config", () => {
  it("passes as the spec has it: 10001, node first, production, its port, its workspace", () => {
    expect(configProblems(image("auth"), FACTS)).toEqual([]);
    expect(expectedWorkdir(image("client"))).toBe("/app");
    expect(expectedWorkdir(image("stripe-emulator"))).toBe("/app/infra/stripe-emulator");
  });

  it("fails for each thing that differs", () => {
    const wrong: ImageFacts = {
      ...FACTS,
      user: "node",
      command: ["npm", "start"],
      env: {},
      exposedPorts: [],
      workingDir: "/app",
    };
    expect(configProblems(image("auth"), wrong)).toEqual([
      'runs as "node", not 10001:10001',
      'its command is ["npm","start"]: node must be PID 1',
      "NODE_ENV is not production",
      "does not expose 4001",
      "works in /app, not /app/auth",
    ]);
  });
});
