import { describe, expect, it } from "vitest";
import { centsToDollars, dollarsToCents } from "./money.js";

describe("dollarsToCents", () => {
  it.each([
    [0.5, 50],
    [0.57, 57],
    [19.99, 1_999],
    [1_000_000, 100_000_000],
    ["1000000.00", 100_000_000],
    ["12.5", 1_250],
    [0, 0],
  ])("converts %s dollars to exactly %i cents", (dollars, cents) => {
    expect(dollarsToCents(dollars)).toBe(cents);
  });

  it.each([
    1.005,
    -1,
    1e-7,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "12,50",
    "1e3",
    " 12",
    "",
    null,
    true,
    {},
  ])("refuses %s", (value) => {
    expect(dollarsToCents(value)).toBeUndefined();
  });
});

describe("centsToDollars", () => {
  it("gives back the decimal amount a client sent", () => {
    for (const dollars of [0.5, 0.57, 19.99, 1_000_000, 123_456.78]) {
      expect(centsToDollars(dollarsToCents(dollars) as number)).toBe(dollars);
    }
  });
});
