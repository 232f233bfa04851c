import {
  createApp,
  type Logger,
  type ReadinessChecks,
  type SessionPublicKey,
} from "@microtickets/common";
import type { TicketsDeps } from "./deps.js";
import { listTicketsRouter } from "./routes/index.js";
import { newTicketRouter } from "./routes/new.js";
import { showTicketRouter } from "./routes/show.js";
import { updateTicketRouter } from "./routes/update.js";
import { ticketUpdatesRouter } from "./routes/updates.js";

export interface TicketsAppOptions {
  deps: TicketsDeps;
  logger: Logger;
  sessionPublicKey: SessionPublicKey;
  readiness: ReadinessChecks;
  trustProxy?: number;
}

export function buildApp({ deps, ...options }: TicketsAppOptions) {
  return createApp({
    ...options,
    routes: [
      newTicketRouter(deps),
      listTicketsRouter(deps),
      // Before /api/tickets/:id, which would take "updates" for an id.
      ticketUpdatesRouter(deps),
      showTicketRouter(deps),
      updateTicketRouter(deps),
    ],
  });
}
