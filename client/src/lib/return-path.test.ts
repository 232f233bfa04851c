import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path on this site, query included", () => {
    expect(safeReturnPath("/tickets/7b1c")).toBe("/tickets/7b1c");
    expect(safeReturnPath("/?q=jazz&category=concerts")).toBe("/?q=jazz&category=concerts");
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "tickets",
    "",
    "/a\nb",
    "/\tx",
  ])("refuses %j", (raw) => {
    expect(safeReturnPath(raw)).toBe("/");
  });

  it("refuses what is not a string", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/a"])).toBe("/");
  });
});

describe("signInPath", () => {
  it("comes back to the page", () => {
    expect(signInPath("/orders/42")).toBe("/signin?next=%2Forders%2F42");
    expect(signInPath("/")).toBe("/signin");
    expect(signInPath("//evil.example")).toBe("/signin");
  });
});
