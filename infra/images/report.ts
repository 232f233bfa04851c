/** One image's line in the table `npm run images` ends with. */
export interface ReportRow {
  image: string;
  /** Uncompressed bytes; undefined when it did not build. */
  size?: number;
  /** What it adds to the base image, in bytes. */
  ownSize?: number;
  buildSeconds: number;
  smoke: string;
  /** A service's live start: its start-to-ready time and exit code (live-start.ts). */
  liveStart?: string;
  ok: boolean;
}

/** Megabytes as podman and docker count them (10^6), to one decimal. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const HEADINGS = ["image", "size", "over base", "build", "smoke", "live start", ""];

export function formatTable(rows: readonly ReportRow[]): string {
  const cells = rows.map((row) => [
    row.image,
    row.size === undefined ? "-" : megabytes(row.size),
    row.ownSize === undefined ? "-" : megabytes(row.ownSize),
    `${row.buildSeconds.toFixed(1)} s`,
    row.smoke,
    row.liveStart ?? "-",
    row.ok ? "ok" : "FAILED",
  ]);
  const all = [HEADINGS, ...cells];
  const widths = HEADINGS.map((_, column) =>
    Math.max(...all.map((line) => (line[column] ?? "").length)),
  );
  // Numbers line up on the right, words on the left.
  const numeric = new Set([1, 2, 3]);
  return all
    .map((line) =>
      line
        .map((cell, column) =>
          numeric.has(column)
            ? cell.padStart(widths[column] ?? 0)
            : cell.padEnd(widths[column] ?? 0),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
