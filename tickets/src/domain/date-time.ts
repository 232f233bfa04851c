const DATE_TIME =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d{1,9}))?)?(?:Z|(?<sign>[+-])(?<offsetHour>\d{2}):(?<offsetMinute>\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * An ISO 8601 date-time with its time zone (`Z` or `±hh:mm`), seconds and fractions optional:
 * `2030-06-01T20:00Z`, `2030-06-01T20:00:00.000+02:00`. Returns the instant to the millisecond
 * (as the API shows it back), or undefined for anything else. A time without a zone is refused:
 * 20:00 is a different instant in every zone, and the seller's is not ours to guess.
 */
export function parseDateTime(text: string): Date | undefined {
  const parts = DATE_TIME.exec(text)?.groups;
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = [
    parts.year,
    parts.month,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second ?? "0",
    parts.offsetHour ?? "0",
    parts.offsetMinute ?? "0",
  ].map(Number) as [number, number, number, number, number, number, number, number];
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) {
    return undefined;
  }
  const offsetMinutes = (parts.sign === "-" ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  const millis = Number((parts.fraction ?? "").padEnd(3, "0").slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: that reads the years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, millis);
  return date;
}
