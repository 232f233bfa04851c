import { describe, expect, it } from "vitest";
import { parseSetCookie } from "./set-cookie";

describe("parseSetCookie", () => {
  it("reads the session cookie auth issues, every attribute kept", () => {
    const header =
      "session=eyJhbGciOi.eyJzdWIi.sig; Max-Age=86400; Path=/; Expires=Sun, 10 Jan 2027 20:00:00 GMT; HttpOnly; Secure; SameSite=Lax";
    expect(parseSetCookie(header)).toEqual({
      name: "session",
      value: "eyJhbGciOi.eyJzdWIi.sig",
      httpOnly: true,
      secure: true,
      sameSite: "lax",
      path: "/",
      maxAge: 86400,
      expires: new Date("2027-01-10T20:00:00Z"),
    });
  });

  it("reads the clearing cookie of a sign-out as one that expired", () => {
    const cookie = parseSetCookie(
      "session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
    );
    expect(cookie?.value).toBe("");
    expect(cookie?.expires?.getTime()).toBe(0);
    expect(cookie?.secure).toBe(false);
  });

  it("drops a Domain, which would name the API's host", () => {
    const cookie = parseSetCookie("session=v; Domain=api.internal; Path=/");
    expect(cookie).not.toHaveProperty("domain");
  });

  it("refuses what is not a cookie", () => {
    expect(parseSetCookie("garbage")).toBeNull();
    expect(parseSetCookie("=v")).toBeNull();
    expect(parseSetCookie("bad name=v")).toBeNull();
  });
});
