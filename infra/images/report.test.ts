import { describe, expect, it } from "vitest";
import { formatTable, megabytes } from "./report.js";

describe("the table npm run images ends with", () => {
  it("counts megabytes as the engines do (10^6 bytes)", () => {
    expect(megabytes(136_512_345)).toBe("136.5 MB");
  });

  it("lines up sizes and times on the right, words on the left, and marks a failure", () => {
    const table = formatTable([
      {
        image: "microtickets/auth:dev",
        size: 136_500_000,
        ownSize: 19_000_000,
        buildSeconds: 84.5,
        smoke: "exit 1, names DATABASE_URL",
        liveStart: "ready in 2.4 s, SIGTERM exit 0 in 0.3 s",
        ok: true,
      },
      { image: "client", buildSeconds: 3, smoke: "not built", ok: false },
    ]);
    expect(table.split("\n")).toEqual([
      "image                      size  over base   build  smoke                       live start",
      "microtickets/auth:dev  136.5 MB    19.0 MB  84.5 s  exit 1, names DATABASE_URL  ready in 2.4 s, SIGTERM exit 0 in 0.3 s  ok",
      "client                        -          -   3.0 s  not built                   -                                        FAILED",
    ]);
  });
});
