import { describe, expect, it } from "vitest";
import { parseDateTime } from "./date-time.js";

describe("an event's date-time", () => {
  it.each([
    ["2030-06-01T20:00:00Z", "2030-06-01T20:00:00.000Z"],
    ["2030-06-01T20:00Z", "2030-06-01T20:00:00.000Z"],
    ["2030-06-01T20:00:00.5Z", "2030-06-01T20:00:00.500Z"],
    ["2030-06-01T20:00:00.123456789Z", "2030-06-01T20:00:00.123Z"],
    ["2030-06-01T20:00:00+02:00", "2030-06-01T18:00:00.000Z"],
    ["2030-06-01T01:30:00-05:30", "2030-06-01T07:00:00.000Z"],
    ["2030-12-31T23:30:00-01:00", "2031-01-01T00:30:00.000Z"],
    ["2028-02-29T12:00:00Z", "2028-02-29T12:00:00.000Z"],
    ["2000-02-29T12:00:00Z", "2000-02-29T12:00:00.000Z"],
  ])("reads %s as the instant %s", (text, instant) => {
    expect(parseDateTime(text)?.toISOString()).toBe(instant);
  });

  it.each([
    ["a time without a zone", "2030-06-01T20:00:00"],
    ["a date without a time", "2030-06-01"],
    ["a space instead of the T", "2030-06-01 20:00:00Z"],
    ["February 29th of a common year", "2029-02-29T12:00:00Z"],
    ["February 29th of 1900", "1900-02-29T12:00:00Z"],
    ["the 31st of April", "2030-04-31T12:00:00Z"],
    ["month 13", "2030-13-01T12:00:00Z"],
    ["day 0", "2030-06-00T12:00:00Z"],
    ["hour 24", "2030-06-01T24:00:00Z"],
    ["minute 60", "2030-06-01T20:60:00Z"],
    ["a leap second", "2030-06-30T23:59:60Z"],
    ["an offset without a colon", "2030-06-01T20:00:00+0200"],
    ["an offset of 24 hours", "2030-06-01T20:00:00+24:00"],
    ["a timestamp in milliseconds", "1906000000000"],
    ["English", "next Friday at eight"],
    ["trailing text", "2030-06-01T20:00:00Z; DROP TABLE tickets"],
  ])("refuses %s", (_, text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});
