import Link from "next/link";
import { LiveTickets } from "../components/live-tickets";
import { Pager } from "../components/pager";
import { ServiceUnavailable } from "../components/service-unavailable";
import { TicketCard } from "../components/ticket-card";
import { CATEGORIES, type Ticket } from "../lib/catalog";
import { storefrontNextHref } from "../lib/next-link";
import { cursorParam, listingFilters, type SearchParams } from "../lib/search-params";
import { apiCall } from "../server/api";
import { storefrontConfig } from "../server/config";

const PAGE_SIZE = 24;

export default async function ListingPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const filters = listingFilters(params);
  const cursor = cursorParam(params);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.q) query.set("q", filters.q);
  if (filters.category) query.set("category", filters.category);
  if (cursor) query.set("cursor", cursor);

  const result = await apiCall<Ticket[]>("GET", `/api/tickets?${query}`);
  if (!result.ok && result.unavailable) {
    return <ServiceUnavailable keep={{ q: filters.q, category: filters.category, cursor }} />;
  }
  const tickets = result.ok && Array.isArray(result.data) ? result.data : [];
  const nextHref = result.ok
    ? storefrontNextHref(result.headers.get("link"), "/", { ...filters })
    : null;
  const { timeZone } = storefrontConfig();
  const filtered = Boolean(filters.q || filters.category);

  return (
    <>
      <div className="page-head">
        <h1>Tickets for sale</h1>
        <p className="lede">From fans who can no longer go. Held for you while you pay.</p>
      </div>

      <search>
        <form method="get" action="/" className="search-form">
          <div className="field search-field">
            <label htmlFor="search-q">Search</label>
            <input
              id="search-q"
              type="search"
              name="q"
              defaultValue={filters.q ?? ""}
              maxLength={100}
              placeholder="Artist, team, show or venue"
            />
          </div>
          <div className="field">
            <label htmlFor="search-category">Category</label>
            <select id="search-category" name="category" defaultValue={filters.category ?? ""}>
              <option value="">All categories</option>
              {CATEGORIES.map((category) => (
                <option key={category.value} value={category.value}>
                  {category.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary">
            Search
          </button>
        </form>
      </search>

      {!result.ok ? (
        <div role="alert" className="alert alert-error">
          {result.items.map((item) => item.message).join(" ")}{" "}
          <Link href="/" prefetch={false}>
            Start a new search
          </Link>
        </div>
      ) : tickets.length === 0 ? (
        <div className="empty">
          <p>{filtered ? "No tickets match your search." : "No tickets are for sale right now."}</p>
          {filtered ? (
            <Link href="/" prefetch={false}>
              Clear the search
            </Link>
          ) : (
            <Link href="/tickets/new" prefetch={false}>
              List a ticket of your own
            </Link>
          )}
        </div>
      ) : (
        <LiveTickets ids={tickets.map((ticket) => ticket.id)}>
          <ul className="ticket-grid" aria-label="Tickets">
            {tickets.map((ticket) => (
              <TicketCard key={ticket.id} ticket={ticket} timeZone={timeZone} />
            ))}
          </ul>
        </LiveTickets>
      )}

      <Pager firstHref={cursor ? firstPageHref(filters) : undefined} nextHref={nextHref} />
    </>
  );
}

function firstPageHref(filters: { q: string | undefined; category: string | undefined }): string {
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  if (filters.category) query.set("category", filters.category);
  const text = query.toString();
  return text ? `/?${text}` : "/";
}
