"use client";

import { createContext, type ReactNode, use, useEffect, useState } from "react";
import { readTicketUpdate, type TicketStatus } from "../lib/catalog";
import { formatPrice } from "../lib/money";
import { TicketStatusBadge } from "./status-badge";

interface LiveTicket {
  status: TicketStatus;
  price: number;
  version: number;
}

const LiveTicketsContext = createContext<Readonly<Record<string, LiveTicket>>>({});

/**
 * Follows the page's tickets on `GET /api/tickets/updates` (one EventSource per page, closed when
 * the page goes) and lets the status and price inside it change on screen without a reload.
 * The server's HTML is the starting point: an update counts only if it is newer (its version).
 */
export function LiveTickets({ ids, children }: { ids: readonly string[]; children: ReactNode }) {
  const [updates, setUpdates] = useState<Record<string, LiveTicket>>({});
  // Up to 100 ids, as the stream takes them; UUIDs, but encoded all the same.
  const idList = ids.slice(0, 100).map(encodeURIComponent).join(",");

  useEffect(() => {
    if (idList === "") return;
    // snapshot=1: the tickets as they are when the stream opens, so a change between the
    // server's render and this moment is not missed.
    const source = new EventSource(`/api/tickets/updates?ids=${idList}&snapshot=1`);
    const onTicket = (event: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      const ticket = readTicketUpdate(parsed);
      if (!ticket) return;
      setUpdates((known) => {
        const seen = known[ticket.id];
        if (seen && seen.version > ticket.version) return known;
        return { ...known, [ticket.id]: ticket };
      });
    };
    source.addEventListener("ticket", onTicket);
    return () => {
      source.removeEventListener("ticket", onTicket);
      source.close();
    };
  }, [idList]);

  return <LiveTicketsContext value={updates}>{children}</LiveTicketsContext>;
}

/** The ticket as last known: the server's render or a newer update. */
function useLiveTicket(id: string, rendered: LiveTicket): LiveTicket {
  const update = use(LiveTicketsContext)[id];
  return update && update.version >= rendered.version ? update : rendered;
}

export function LiveStatus({ id, ...rendered }: { id: string } & LiveTicket) {
  const { status } = useLiveTicket(id, rendered);
  return <TicketStatusBadge status={status} />;
}

export function LivePrice({ id, ...rendered }: { id: string } & LiveTicket) {
  const { price } = useLiveTicket(id, rendered);
  return <>{formatPrice(price)}</>;
}

/**
 * `children` while the ticket is available (its Buy button, its Edit link), else `otherwise`
 * in a polite live region, so a ticket someone just reserved stops offering itself.
 */
export function WhileAvailable({
  id,
  children,
  otherwise,
  ...rendered
}: {
  id: string;
  children: ReactNode;
  otherwise: Partial<Record<TicketStatus, ReactNode>>;
} & LiveTicket) {
  const { status } = useLiveTicket(id, rendered);
  return (
    <>
      {status === "available" ? children : null}
      <div role="status" className="live-note">
        {status === "available" ? null : otherwise[status]}
      </div>
    </>
  );
}
