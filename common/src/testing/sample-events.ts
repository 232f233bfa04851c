import { randomUUID } from "node:crypto";
import { type DataOf, TicketCreated } from "../events/index.js";

export type TicketCreatedData = DataOf<typeof TicketCreated>;

/** A valid `ticket.created` with fresh ids, for tests of the bus itself. */
export function sampleTicketCreated(overrides: Partial<TicketCreatedData> = {}) {
  return TicketCreated.build({
    id: randomUUID(),
    title: "concert",
    priceCents: 2_000,
    userId: randomUUID(),
    version: 0,
    category: "concerts",
    venue: "Town Hall",
    startsAt: null,
    ...overrides,
  });
}
