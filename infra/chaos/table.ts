import type { FaultWindow, Operation } from "./history.js";

export interface FaultRow {
  kind: string;
  requests: number;
  inside: Counts;
  outside: Counts;
  recoveryMs: number | undefined;
}

interface Counts {
  ok: number;
  client: number;
  server: number;
  /** No answer at all. */
  none: number;
}

const zero = (): Counts => ({ ok: 0, client: 0, server: 0, none: 0 });

function count(counts: Counts, op: Operation): void {
  if (op.status === null) counts.none++;
  else if (op.status >= 500) counts.server++;
  else if (op.status >= 400) counts.client++;
  else counts.ok++;
}

/**
 * Per fault kind: the requests during its runs (from injection until a probe purchase succeeded,
 * "inside") and during the calm between them ("outside": every request in no fault's window).
 */
export function faultTable(
  history: readonly Operation[],
  faults: readonly FaultWindow[],
): FaultRow[] {
  const inWindow = (op: Operation, fault: FaultWindow) =>
    op.endedAt >= fault.startedAt && op.startedAt <= (fault.recoveredAt ?? fault.endedAt);
  const outside = zero();
  for (const op of history) if (!faults.some((fault) => inWindow(op, fault))) count(outside, op);
  const kinds = [...new Set(faults.map((fault) => fault.kind))];
  return kinds.map((kind) => {
    const runs = faults.filter((fault) => fault.kind === kind);
    const inside = zero();
    let requests = 0;
    for (const op of history) {
      if (!runs.some((fault) => inWindow(op, fault))) continue;
      requests++;
      count(inside, op);
    }
    const recoveries = runs.map((fault) =>
      fault.recoveredAt === undefined ? undefined : fault.recoveredAt - fault.endedAt,
    );
    const recoveryMs = recoveries.includes(undefined)
      ? undefined
      : Math.max(...(recoveries as number[]));
    return { kind, requests, inside, outside, recoveryMs };
  });
}

export function renderTable(rows: readonly FaultRow[]): string {
  const header = ["fault", "requests", "2xx", "4xx", "5xx", "no answer", "recovery"];
  const lines = rows.map((row) => [
    row.kind,
    String(row.requests),
    String(row.inside.ok),
    String(row.inside.client),
    String(row.inside.server),
    String(row.inside.none),
    row.recoveryMs === undefined ? "NOT RECOVERED" : `${(row.recoveryMs / 1000).toFixed(1)} s`,
  ]);
  const outside = rows[0]?.outside;
  if (outside) {
    const total = outside.ok + outside.client + outside.server + outside.none;
    lines.push([
      "(outside every window)",
      String(total),
      String(outside.ok),
      String(outside.client),
      String(outside.server),
      String(outside.none),
      "",
    ]);
  }
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...lines.map((l) => l[i]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`;
  return [
    format(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...lines.map(format),
  ].join("\n");
}
