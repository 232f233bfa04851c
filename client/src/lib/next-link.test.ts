import { describe, expect, it } from "vitest";
import { nextLinkTarget, storefrontNextHref } from "./next-link";

describe("nextLinkTarget", () => {
  it("finds the next link among others, whatever the quoting", () => {
    expect(nextLinkTarget('</api/tickets?limit=50&cursor=abc>; rel="next"')).toBe(
      "/api/tickets?limit=50&cursor=abc",
    );
    expect(
      nextLinkTarget('</api/tickets?cursor=p>; rel="prev", </api/tickets?cursor=n>; rel=next'),
    ).toBe("/api/tickets?cursor=n");
  });

  it("is null on the last page", () => {
    expect(nextLinkTarget(null)).toBeNull();
    expect(nextLinkTarget("")).toBeNull();
    expect(nextLinkTarget('</api/tickets?cursor=p>; rel="prev"')).toBeNull();
  });
});

describe("storefrontNextHref", () => {
  it("turns the API's next URL into the listing's, keeping the filters", () => {
    const link =
      '</api/tickets?limit=50&cursor=eyJ0Ijo&q=jazz+night&category=concerts>; rel="next"';
    expect(storefrontNextHref(link, "/", { q: undefined, category: undefined })).toBe(
      "/?q=jazz+night&category=concerts&cursor=eyJ0Ijo",
    );
  });

  it("keeps the page's own filters when the API's link leaves them out", () => {
    const link = '</api/tickets?limit=50&cursor=c2>; rel="next"';
    expect(storefrontNextHref(link, "/", { q: "opera", category: "theatre" })).toBe(
      "/?q=opera&category=theatre&cursor=c2",
    );
  });

  it("drops what the storefront does not page by (limit, seller)", () => {
    const link = '</api/tickets?limit=50&seller=me&cursor=c3>; rel="next"';
    expect(storefrontNextHref(link, "/listings", {})).toBe("/listings?cursor=c3");
  });

  it("encodes a cursor with URL-special characters", () => {
    const link = `</api/tickets?cursor=${encodeURIComponent("a+b/c=")}>; rel="next"`;
    expect(storefrontNextHref(link, "/", {})).toBe("/?cursor=a%2Bb%2Fc%3D");
  });

  it("is null without a next link or a cursor", () => {
    expect(storefrontNextHref(null, "/", {})).toBeNull();
    expect(storefrontNextHref('</api/tickets?limit=5>; rel="next"', "/", {})).toBeNull();
  });
});
