import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";

const position = {
  createdAt: "2025-03-04T05:06:07.123456Z",
  id: "0b8e3f5c-6a43-4f4e-9d6e-0a1b2c3d4e5f",
};
const encode = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("the listing cursor", () => {
  it("round-trips a position with PostgreSQL's microseconds", () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ["empty", ""],
    ["not base64url", "abc+/="],
    ["base64url of nonsense", encode("hello")],
    ["a malformed id", encode("2025-03-04T05:06:07.123456Z|not-a-uuid")],
    ["milliseconds only", encode(`2025-03-04T05:06:07.123Z|${position.id}`)],
    ["a day that does not exist", encode(`2025-02-30T05:06:07.123456Z|${position.id}`)],
    ["an hour that does not exist", encode(`2025-03-04T25:06:07.123456Z|${position.id}`)],
    // JavaScript has a year 0 (1 BC); PostgreSQL refuses it ("date/time field value out of range").
    ["the year 0", encode(`0000-01-01T00:00:00.000000Z|${position.id}`)],
    ["an SQL injection", encode(`2025-03-04T05:06:07.123456Z|${position.id}' OR 1=1 --`)],
    ["too long", "A".repeat(500)],
  ])("refuses %s", (_, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
