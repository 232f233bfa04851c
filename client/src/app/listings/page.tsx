import type { Metadata } from "next";
import Link from "next/link";
import { LivePrice, LiveStatus, LiveTickets } from "../../components/live-tickets";
import { Pager } from "../../components/pager";
import { ServiceUnavailable } from "../../components/service-unavailable";
import { categoryLabel, type Ticket } from "../../lib/catalog";
import { formatShortTime } from "../../lib/event-time";
import { storefrontNextHref } from "../../lib/next-link";
import { cursorParam, type SearchParams } from "../../lib/search-params";
import { apiGet } from "../../server/api";
import { storefrontConfig } from "../../server/config";
import { requireUser } from "../../server/session";

export const metadata: Metadata = { title: "My listings" };

const PAGE_SIZE = 25;

export default async function ListingsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const cursor = cursorParam(await searchParams);
  const returnTo = cursor ? `/listings?cursor=${encodeURIComponent(cursor)}` : "/listings";
  const user = await requireUser(returnTo);
  const query = new URLSearchParams({ seller: "me", limit: String(PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  const read = user && (await apiGet<Ticket[]>(`/api/tickets?${query}`, { returnTo }));
  if (!read) return <ServiceUnavailable keep={{ cursor }} />;
  const tickets = Array.isArray(read.data) ? read.data : [];
  const nextHref = storefrontNextHref(read.headers.get("link"), "/listings", {});
  const { timeZone } = storefrontConfig();

  return (
    <>
      <div className="page-head page-head-split">
        <div>
          <h1>My listings</h1>
          <p className="lede">Every ticket you have put up for sale, newest first.</p>
        </div>
        <Link href="/tickets/new" className="button button-primary" prefetch={false}>
          List a ticket
        </Link>
      </div>
      {tickets.length === 0 ? (
        <div className="empty">
          <p>
            {cursor ? "There are no more of your tickets." : "You have not listed a ticket yet."}
          </p>
        </div>
      ) : (
        <LiveTickets ids={tickets.map((ticket) => ticket.id)}>
          <ul className="row-list">
            {tickets.map((ticket) => {
              const live = {
                id: ticket.id,
                status: ticket.status,
                price: ticket.price,
                version: ticket.version,
              };
              return (
                <li key={ticket.id} className="row">
                  <div className="row-main">
                    <Link href={`/tickets/${ticket.id}`} prefetch={false} className="row-title">
                      {ticket.title}
                    </Link>
                    <p className="muted row-hint">
                      {categoryLabel(ticket.category)}
                      {ticket.startsAt ? ` · ${formatShortTime(ticket.startsAt, timeZone)}` : ""}
                    </p>
                  </div>
                  <span className="row-price">
                    <LivePrice {...live} />
                  </span>
                  <LiveStatus {...live} />
                </li>
              );
            })}
          </ul>
        </LiveTickets>
      )}
      <Pager firstHref={cursor ? "/listings" : undefined} nextHref={nextHref} />
    </>
  );
}
