import { describe, expect, it } from "vitest";
import { changed, deployment, environment } from "./fixtures.js";
import { gracefulShutdown, pauseOf } from "./graceful-shutdown.js";

const auth = deployment("auth", 4001);
const check = (object = auth) => gracefulShutdown(environment("prod", [object]));

describe("the graceful shutdown rule", () => {
  it("passes a 5 s preStop pause with 35 s of grace (5 + 20 s drain, and some)", () => {
    expect(check()).toEqual([]);
  });

  it("reports a container without a preStop hook", () => {
    const abrupt = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first) first.lifecycle = undefined;
    });

    expect(check(abrupt)).toEqual([
      expect.objectContaining({
        path: "spec.template.spec.containers[0].lifecycle.preStop",
        message: "missing",
      }),
    ]);
  });

  it("reports a grace period that the pause and the drain do not fit in, the default 30 s included", () => {
    const hurried = changed(auth, (d) => {
      d.spec.template.spec.terminationGracePeriodSeconds = 25;
    });
    const longPause = changed(auth, (d) => {
      d.spec.template.spec.terminationGracePeriodSeconds = undefined;
      const [first] = d.spec.template.spec.containers;
      if (first)
        first.lifecycle = { preStop: { exec: { command: ["/bin/sh", "-c", "sleep 10"] } } };
    });

    expect(check(hurried).map((v) => v.message)).toEqual([
      "25 s must exceed the preStop pause (5 s) plus the 20 s drain",
    ]);
    expect(check(longPause).map((v) => v.message)).toEqual([
      "30 s must exceed the preStop pause (10 s) plus the 20 s drain",
    ]);
  });

  it("reads the pause of a sleep action and of an exec of sleep", () => {
    expect(pauseOf({ sleep: { seconds: 7 } })).toBe(7);
    expect(pauseOf({ exec: { command: ["sleep", "5"] } })).toBe(5);
    expect(pauseOf({ exec: { command: ["nats-server", "--signal", "ldm"] } })).toBe(0);
  });
});
