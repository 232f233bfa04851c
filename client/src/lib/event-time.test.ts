import { describe, expect, it } from "vitest";
import { formatEventTime, isoToWallTime, isTimeZone, wallTimeToIso } from "./event-time";

describe("formatEventTime", () => {
  it("names the zone it shows the time in", () => {
    expect(formatEventTime("2027-01-10T20:00:00.000Z", "UTC")).toBe(
      "Sun, Jan 10, 2027, 8:00 PM UTC",
    );
    expect(formatEventTime("2027-01-10T20:00:00.000Z", "America/New_York")).toBe(
      "Sun, Jan 10, 2027, 3:00 PM EST",
    );
  });

  it("says so when there is no usable date", () => {
    expect(formatEventTime("soon", "UTC")).toBe("Date to be announced");
  });
});

describe("wall times in the storefront's zone", () => {
  it("reads a datetime-local value in the zone", () => {
    expect(wallTimeToIso("2027-01-10T20:00", "UTC")).toBe("2027-01-10T20:00:00.000Z");
    expect(wallTimeToIso("2027-01-10T20:00", "Europe/Paris")).toBe("2027-01-10T19:00:00.000Z");
    expect(wallTimeToIso("2027-07-10T20:00", "Europe/Paris")).toBe("2027-07-10T18:00:00.000Z");
    expect(wallTimeToIso("2027-07-10T20:00", "America/Los_Angeles")).toBe(
      "2027-07-11T03:00:00.000Z",
    );
  });

  it("refuses dates and times that do not exist", () => {
    expect(wallTimeToIso("2027-02-30T20:00", "UTC")).toBeNull();
    expect(wallTimeToIso("2027-01-10T25:00", "UTC")).toBeNull();
    expect(wallTimeToIso("tomorrow", "UTC")).toBeNull();
    // Clocks in Paris jump from 02:00 to 03:00 on 28 March 2027.
    expect(wallTimeToIso("2027-03-28T02:30", "Europe/Paris")).toBeNull();
  });

  it("takes the earlier instant of a repeated hour", () => {
    // Clocks in Paris go back from 03:00 to 02:00 on 31 October 2027.
    expect(wallTimeToIso("2027-10-31T02:30", "Europe/Paris")).toBe("2027-10-31T00:30:00.000Z");
  });

  it("round-trips with the form's prefilled value", () => {
    for (const zone of ["UTC", "Europe/Paris", "Asia/Kolkata", "America/New_York"]) {
      const iso = "2027-05-04T17:45:00.000Z";
      expect(wallTimeToIso(isoToWallTime(iso, zone), zone)).toBe(iso);
    }
  });

  it("knows which zones exist", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
