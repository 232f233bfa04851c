import { describe, expect, it } from "vitest";
import { cursorParam, listingFilters } from "./search-params";

describe("listingFilters", () => {
  it("reads the search words and a known category", () => {
    expect(listingFilters({ q: "  jazz   night ", category: "concerts" })).toEqual({
      q: "jazz night",
      category: "concerts",
    });
  });

  it("drops what the API would refuse rather than showing an error page", () => {
    expect(listingFilters({ q: "   ", category: "opera" })).toEqual({
      q: undefined,
      category: undefined,
    });
    expect(listingFilters({ q: ["a", "b"] }).q).toBeUndefined();
    expect(listingFilters({ q: "x".repeat(300) }).q).toHaveLength(100);
  });
});

describe("cursorParam", () => {
  it("passes an opaque cursor and refuses anything else", () => {
    expect(cursorParam({ cursor: "eyJ0IjoxfQ" })).toBe("eyJ0IjoxfQ");
    expect(cursorParam({ cursor: "a&limit=1000" })).toBeUndefined();
    expect(cursorParam({})).toBeUndefined();
  });
});
