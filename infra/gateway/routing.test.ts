import { describe, expect, it } from "vitest";
import { longestMatch, matchesPrefix, routingPath } from "./routing.js";

describe("Prefix path matching", () => {
  it("matches the prefix itself and its subpaths, element by element", () => {
    expect(matchesPrefix("/api/users", "/api/users")).toBe(true);
    expect(matchesPrefix("/api/users", "/api/users/")).toBe(true);
    expect(matchesPrefix("/api/users", "/api/users/signin")).toBe(true);
    expect(matchesPrefix("/api/users/", "/api/users")).toBe(true);
    expect(matchesPrefix("/api/users", "/api/usersx")).toBe(false);
    expect(matchesPrefix("/api/users", "/api")).toBe(false);
    expect(matchesPrefix("/", "/anything/at/all")).toBe(true);
  });

  it("prefers the longest matching prefix", () => {
    const routes = [{ prefix: "/" }, { prefix: "/api/orders" }, { prefix: "/api/orders/admin" }];

    expect(longestMatch(routes, "/api/orders/admin/x")?.prefix).toBe("/api/orders/admin");
    expect(longestMatch(routes, "/api/orders/1")?.prefix).toBe("/api/orders");
    expect(longestMatch(routes, "/tickets")?.prefix).toBe("/");
  });

  it("routes on the normalized path, as nginx matches locations", () => {
    expect(routingPath("/api/users/signin?next=/x")).toBe("/api/users/signin");
    expect(routingPath("//api//users")).toBe("/api/users");
    expect(routingPath("/api/tickets/../users/me")).toBe("/api/users/me");
    expect(routingPath("//evil.example/api")).toBe("/evil.example/api");
  });
});
