import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ServiceUnavailable } from "../../../../components/service-unavailable";
import { TicketForm } from "../../../../components/ticket-form";
import { isoToWallTime } from "../../../../lib/event-time";
import { priceInputText } from "../../../../lib/money";
import { storefrontConfig } from "../../../../server/config";
import { ticketById } from "../../../../server/page-reads";
import { requireUser } from "../../../../server/session";

export const metadata: Metadata = { title: "Edit ticket" };

export default async function EditTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}/edit`);
  const ticket = user && (await ticketById(id));
  if (!user || !ticket) return <ServiceUnavailable />;
  // Someone else's ticket is not theirs to edit: as far as they are concerned it has no form.
  if (ticket.userId !== user.id) notFound();
  const { timeZone } = storefrontConfig();
  const held = ticket.status !== "available";

  return (
    <div className="narrow page-stack">
      <p className="back-link">
        <Link href={`/tickets/${ticket.id}`} prefetch={false}>
          ← Back to the ticket
        </Link>
      </p>
      <div className="page-head">
        <h1>Edit your ticket</h1>
        {held ? (
          <p className="alert alert-warning">
            Someone has started buying this ticket: saving is refused until their order ends.
          </p>
        ) : null}
      </div>
      <div className="panel">
        <TicketForm
          ticketId={ticket.id}
          timeZone={timeZone}
          initial={{
            title: ticket.title,
            price: priceInputText(ticket.price),
            category: ticket.category || "other",
            venue: ticket.venue ?? "",
            date: ticket.startsAt ? isoToWallTime(ticket.startsAt, timeZone) : "",
          }}
        />
      </div>
    </div>
  );
}
