import { describe, expect, it } from "vitest";
import {
  announcementBetween,
  clockSkew,
  formatRemaining,
  msUntilNextTick,
  remainingMs,
  serverNow,
  spokenTimeLeft,
} from "./countdown";

describe("formatRemaining", () => {
  it("prints mm:ss, rounding a started second up", () => {
    expect(formatRemaining(900_000)).toBe("15:00");
    expect(formatRemaining(899_200)).toBe("15:00");
    expect(formatRemaining(899_000)).toBe("14:59");
    expect(formatRemaining(61_000)).toBe("01:01");
    expect(formatRemaining(60_000)).toBe("01:00");
    expect(formatRemaining(59_001)).toBe("01:00");
    expect(formatRemaining(1)).toBe("00:01");
    expect(formatRemaining(0)).toBe("00:00");
  });

  it("clamps at zero and lets minutes grow past an hour", () => {
    expect(formatRemaining(-5_000)).toBe("00:00");
    expect(formatRemaining(7_200_000)).toBe("120:00");
  });
});

describe("the clock", () => {
  it("never counts below zero", () => {
    expect(remainingMs(10_000, 4_000)).toBe(6_000);
    expect(remainingMs(10_000, 12_000)).toBe(0);
  });

  it("follows the server's clock whatever the browser's says", () => {
    const expiresAt = 1_000_000;
    const serverRenderedAt = 400_000;
    // The browser's clock is 3 minutes fast.
    const browserAtHydration = serverRenderedAt + 180_000;
    const skew = clockSkew(serverRenderedAt, browserAtHydration);
    expect(skew).toBe(-180_000);
    expect(remainingMs(expiresAt, serverNow(browserAtHydration, skew))).toBe(600_000);
    expect(remainingMs(expiresAt, serverNow(browserAtHydration + 1_000, skew))).toBe(599_000);
  });

  it("waits for the displayed second to change", () => {
    expect(msUntilNextTick(10_250)).toBe(250);
    expect(msUntilNextTick(10_000)).toBe(1000);
    expect(msUntilNextTick(0)).toBe(1000);
  });
});

describe("announcements", () => {
  it("speaks only when a threshold is crossed", () => {
    expect(announcementBetween(300_500, 299_500)).toBe("5 minutes left to pay");
    expect(announcementBetween(61_000, 60_000)).toBe("1 minute left to pay");
    expect(announcementBetween(30_400, 29_900)).toBe("30 seconds left to pay");
    expect(announcementBetween(900, 0)).toBe("Time is up");
    expect(announcementBetween(299_000, 298_000)).toBeNull();
    expect(announcementBetween(59_000, 58_000)).toBeNull();
  });

  it("says the smallest threshold passed when a tick jumps over several", () => {
    expect(announcementBetween(310_000, 55_000)).toBe("1 minute left to pay");
  });

  it("does not repeat once the time is up", () => {
    expect(announcementBetween(0, 0)).toBeNull();
  });

  it("words the time in minutes or seconds", () => {
    expect(spokenTimeLeft(600)).toBe("10 minutes left to pay");
    expect(spokenTimeLeft(1)).toBe("1 second left to pay");
  });
});
