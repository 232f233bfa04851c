import { describe, expect, it } from "vitest";
import { visitorAddress } from "./visitor-address";

describe("visitorAddress", () => {
  it("prefers X-Real-IP", () => {
    expect(visitorAddress("203.0.113.7", "10.0.0.1, 10.0.0.2")).toBe("203.0.113.7");
  });

  it("else takes the last X-Forwarded-For entry, the one our proxy added", () => {
    expect(visitorAddress(null, "6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    expect(visitorAddress(undefined, "2001:db8::1")).toBe("2001:db8::1");
  });

  it("is null when there is nothing usable", () => {
    expect(visitorAddress(null, null)).toBeNull();
    expect(visitorAddress("", "")).toBeNull();
    expect(visitorAddress("not an ip", null)).toBeNull();
    expect(visitorAddress(null, "1.2.3.4, evil\r\nX: y")).toBeNull();
  });
});
