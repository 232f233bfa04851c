import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { BuyForm } from "../../../components/buy-form";
import {
  LivePrice,
  LiveStatus,
  LiveTickets,
  WhileAvailable,
} from "../../../components/live-tickets";
import { ServiceUnavailable } from "../../../components/service-unavailable";
import { categoryLabel, isOpenOrder, type Order } from "../../../lib/catalog";
import { formatEventTime } from "../../../lib/event-time";
import { apiCall } from "../../../server/api";
import { storefrontConfig } from "../../../server/config";
import { ticketById } from "../../../server/page-reads";
import { currentUser } from "../../../server/session";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const ticket = await ticketById((await params).id);
  return { title: ticket?.title ?? "Service unavailable" };
}

const HELD =
  "Someone is buying this ticket right now. If they do not pay in time, it comes back here.";
const GONE = "This ticket has found its buyer.";

export default async function TicketPage({ params }: Params) {
  const { id } = await params;
  const [ticket, visitor] = await Promise.all([ticketById(id), currentUser()]);
  if (!ticket) return <ServiceUnavailable />;
  const user = visitor.known ? visitor.user : null;
  const isSeller = user?.id === ticket.userId;
  // The buyer holding the ticket is shown the way back to their order (orders shows an order
  // to its buyer only, so a 200 means it is theirs).
  const heldBy =
    user && !isSeller && ticket.status === "reserved" && ticket.orderId
      ? await apiCall<Order>("GET", `/api/orders/${ticket.orderId}`)
      : undefined;
  const ownOrder = heldBy?.ok && isOpenOrder(heldBy.data.status) ? heldBy.data : undefined;
  const live = {
    id: ticket.id,
    status: ticket.status,
    price: ticket.price,
    version: ticket.version,
  };
  const { timeZone } = storefrontConfig();

  return (
    <LiveTickets ids={[ticket.id]}>
      <p className="back-link">
        <Link href="/" prefetch={false}>
          ← All tickets
        </Link>
      </p>
      <article className="ticket-detail">
        <div className="ticket-detail-main">
          <p className="eyebrow">{categoryLabel(ticket.category)}</p>
          <h1>{ticket.title}</h1>
          <dl className="facts">
            <div>
              <dt>Venue</dt>
              <dd>{ticket.venue || "To be announced"}</dd>
            </div>
            <div>
              <dt>Date</dt>
              <dd>
                {ticket.startsAt ? formatEventTime(ticket.startsAt, timeZone) : "To be announced"}
              </dd>
            </div>
            <div>
              <dt>Seller</dt>
              <dd>{isSeller ? "You" : "A fan on microtickets"}</dd>
            </div>
          </dl>
        </div>

        <aside className="panel purchase-panel" aria-label="Purchase">
          <div className="purchase-head">
            <p className="price-large">
              <LivePrice {...live} />
            </p>
            <LiveStatus {...live} />
          </div>
          {isSeller ? (
            <WhileAvailable
              {...live}
              otherwise={{
                reserved: "A buyer holds this ticket; it cannot be edited until their order ends.",
                sold: GONE,
              }}
            >
              <p className="muted">This is your listing.</p>
              <Link
                href={`/tickets/${ticket.id}/edit`}
                className="button button-secondary"
                prefetch={false}
              >
                Edit
              </Link>
            </WhileAvailable>
          ) : user ? (
            <WhileAvailable
              {...live}
              otherwise={{
                reserved: ownOrder ? (
                  <>
                    This ticket is held for you.{" "}
                    <Link href={`/orders/${ownOrder.id}`} prefetch={false}>
                      Go to your order
                    </Link>
                  </>
                ) : (
                  HELD
                ),
                sold: GONE,
              }}
            >
              <p className="muted">It is held for you for a few minutes while you pay.</p>
              <BuyForm ticketId={ticket.id} idempotencyKey={randomUUID()} />
            </WhileAvailable>
          ) : (
            <WhileAvailable {...live} otherwise={{ reserved: HELD, sold: GONE }}>
              <p className="muted">You will sign in first, then come back here.</p>
              <form method="get" action="/signin">
                <input type="hidden" name="next" value={`/tickets/${ticket.id}`} />
                <button type="submit" className="button button-primary">
                  Buy
                </button>
              </form>
            </WhileAvailable>
          )}
        </aside>
      </article>
    </LiveTickets>
  );
}
