import type { DataOf, RunningService, TicketUpdated } from "@microtickets/common";
import { eventually, startTestService } from "@microtickets/common/testing";
import request from "supertest";
import type { TicketsConfig } from "./config.js";
import type { TicketsDeps } from "./deps.js";
import type { TicketJson } from "./domain/ticket-json.js";
import { ticketsService } from "./service.js";

/** A tickets process started by a test: `t.deps` holds its live feed and open event streams. */
export type TicketsProcess = RunningService<TicketsConfig, TicketsDeps>;

/**
 * The tickets service as it runs in production (listeners and outbox relay included), on a
 * database and a stream of the test file's own; `t.messaging.stop()/start()` plays a restart,
 * and `t.replica({ TICKET_FEED_RECENT_CHANGES: "1" })` starts another process beside it.
 */
export async function createTicketsTestApp(label: string) {
  const t = await startTestService(ticketsService, { label });

  /** A ticket listed through the API by a fresh seller (or the one given). */
  async function listTicket(body: object = { title: "concert", price: 20 }, cookie?: string) {
    const seller = cookie ? undefined : await t.sessions.signIn();
    const res = await request(t.app)
      .post("/api/tickets")
      .set("Cookie", cookie ?? seller?.cookie ?? "")
      .send(body)
      .expect(201);
    return res.body as TicketJson;
  }

  return {
    ...t,
    listTicket,
    /** Waits until the API shows the ticket as `matches` wants (the listeners work in the background). */
    ticketWhen: (id: string, matches: (ticket: TicketJson) => boolean) =>
      eventually(async () => {
        const res = await request(t.app).get(`/api/tickets/${id}`).expect(200);
        const ticket = res.body as TicketJson;
        return matches(ticket) ? ticket : undefined;
      }),
    /** The ticket.updated events published for one ticket so far, in order. */
    updatesOf: (ticketId: string) =>
      t.events
        .all()
        .filter((event) => event.subject === "ticket.updated")
        .map((event) => event.data as DataOf<typeof TicketUpdated>)
        .filter((data) => data.id === ticketId),
  };
}

export type TicketsTestApp = Awaited<ReturnType<typeof createTicketsTestApp>>;

/** The definition itself, for benchmarks that start it their own way. */
export { ticketsService } from "./service.js";
