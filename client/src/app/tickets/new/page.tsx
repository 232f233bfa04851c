import type { Metadata } from "next";
import { ServiceUnavailable } from "../../../components/service-unavailable";
import { TicketForm } from "../../../components/ticket-form";
import { storefrontConfig } from "../../../server/config";
import { requireUser } from "../../../server/session";

export const metadata: Metadata = { title: "Sell a ticket" };

export default async function NewTicketPage() {
  if (!(await requireUser("/tickets/new"))) return <ServiceUnavailable />;
  const { timeZone } = storefrontConfig();
  return (
    <div className="narrow page-stack">
      <div className="page-head">
        <h1>Sell a ticket</h1>
        <p className="lede">Buyers see it at once. You can edit it until someone starts buying.</p>
      </div>
      <div className="panel">
        <TicketForm
          timeZone={timeZone}
          initial={{ title: "", price: "", category: "other", venue: "", date: "" }}
        />
      </div>
    </div>
  );
}
