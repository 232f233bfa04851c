import Link from "next/link";
import { categoryLabel, type Ticket } from "../lib/catalog";
import { formatShortTime } from "../lib/event-time";
import { LivePrice, LiveStatus } from "./live-tickets";

/** A ticket in a list: its title is the link to its page. */
export function TicketCard({ ticket, timeZone }: { ticket: Ticket; timeZone: string }) {
  const live = {
    id: ticket.id,
    status: ticket.status,
    price: ticket.price,
    version: ticket.version,
  };
  return (
    <li className="ticket-card">
      <div className="ticket-card-top">
        <span className="category-tag">{categoryLabel(ticket.category)}</span>
        <LiveStatus {...live} />
      </div>
      <h2 className="ticket-card-title">
        <Link href={`/tickets/${ticket.id}`} prefetch={false} className="stretched-link">
          {ticket.title}
        </Link>
      </h2>
      <dl className="ticket-card-facts">
        <div>
          <dt>Venue</dt>
          <dd>{ticket.venue || "Venue to be announced"}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {ticket.startsAt ? formatShortTime(ticket.startsAt, timeZone) : "Date to be announced"}
          </dd>
        </div>
      </dl>
      <p className="ticket-card-price">
        <LivePrice {...live} />
      </p>
    </li>
  );
}
