import { isUuid, ValidationError } from "@microtickets/common";
import type { Request } from "express";

export const MAX_FOLLOWED_TICKETS = 100;

export interface UpdatesRequest {
  /** The tickets the client follows; undefined: every ticket. */
  ids: ReadonlySet<string> | undefined;
  /** The stream position the client has seen (Last-Event-ID); undefined: only what comes next. */
  after: number | undefined;
  /** `snapshot=1` on a first connection: the followed tickets as they are now, before changes. */
  snapshot: boolean;
}

const POSITION = /^\d{1,15}$/;

/**
 * `?ids=a,b,c[&snapshot=1]` and the Last-Event-ID header of GET /api/tickets/updates. A Last-Event-ID that is
 * not one of our positions is ignored rather than refused: EventSource never retries after an
 * error status, so a 400 would end live updates in that tab for good over a stale header.
 */
export function readUpdatesRequest(req: Request): UpdatesRequest {
  const lastEventId = req.get("Last-Event-ID")?.trim();
  const after = lastEventId && POSITION.test(lastEventId) ? Number(lastEventId) : undefined;
  const ids = readIds(req.query.ids);
  return {
    ids,
    after,
    snapshot: ids !== undefined && after === undefined && req.query.snapshot === "1",
  };
}

function readIds(raw: unknown): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  const ids = typeof raw === "string" ? raw.split(",").map((id) => id.trim()) : [];
  if (ids.length === 0 || ids.length > MAX_FOLLOWED_TICKETS || !ids.every(isUuid)) {
    throw ValidationError.field(
      "ids",
      `ids must be 1 to ${MAX_FOLLOWED_TICKETS} comma-separated ticket ids`,
    );
  }
  return new Set(ids.map((id) => id.toLowerCase()));
}
