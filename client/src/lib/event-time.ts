/**
 * Event dates in one labelled time zone (STOREFRONT_TIME_ZONE, default UTC). Formatting happens
 * on the server only, so the browser shows the server's HTML and never its own zone.
 */

export const DEFAULT_TIME_ZONE = "UTC";

/** True when the runtime knows the zone (Intl throws a RangeError otherwise). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const TIME_OF_DAY = { hour: "numeric", minute: "2-digit", timeZoneName: "short" } as const;

function formatIn(iso: string, options: Intl.DateTimeFormatOptions): string | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat("en-US", options).format(date);
}

/** "Sat, Jan 10, 2027, 8:00 PM UTC". */
export function formatEventTime(iso: string, timeZone: string): string {
  return (
    formatIn(iso, {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      ...TIME_OF_DAY,
    }) ?? "Date to be announced"
  );
}

/** "Jan 10, 8:00 PM UTC": compact, for lists. */
export function formatShortTime(iso: string, timeZone: string): string {
  return formatIn(iso, { timeZone, month: "short", day: "numeric", ...TIME_OF_DAY }) ?? "";
}

const DAY_MS = 86_400_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value ("2027-01-10T20:00") read as a wall-clock time in `timeZone`, as an
 * ISO instant; null when it is not such a value or names a time that does not exist there.
 * Around a DST change an ambiguous time (the repeated hour) takes the earlier instant.
 */
export function wallTimeToIso(value: string, timeZone: string): string | null {
  const match = WALL_TIME.exec(value);
  if (!match) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const wall = new Date(asUtc);
  // Date.UTC rolls 2027-02-30 over to March: such a date does not exist.
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d || h > 23 || mi > 59) return null;

  // The instant is the wall time minus the zone's offset then. Offsets change at most once a
  // day, so the offsets a day either side are the only candidates: keep those that read back
  // as this wall time (none in a skipped hour, two in a repeated one: the earlier wins).
  const wanted = wallTimeOf(asUtc, "UTC");
  const candidates = [asUtc - DAY_MS, asUtc + DAY_MS]
    .map((probe) => asUtc - offsetMs(probe, timeZone))
    .filter((candidate) => wallTimeOf(candidate, timeZone) === wanted);
  if (candidates.length === 0) return null;
  const instant = Math.min(...candidates);
  return new Date(instant).toISOString();
}

/** An instant as the `datetime-local` value ("2027-01-10T20:00") of its wall time in `timeZone`. */
export function isoToWallTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return wallTimeOf(date.getTime(), timeZone);
}

function wallTimeOf(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** How far `timeZone` is ahead of UTC at `instant`. */
function offsetMs(instant: number, timeZone: string): number {
  const wall = wallTimeOf(instant, timeZone);
  const match = WALL_TIME.exec(wall);
  if (!match) return 0;
  const [y = 1970, mo = 1, d = 1, h = 0, mi = 0] = match.slice(1, 6).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const wholeMinute = instant - (((instant % 60_000) + 60_000) % 60_000);
  return asUtc - wholeMinute;
}
