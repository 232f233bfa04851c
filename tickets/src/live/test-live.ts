import { createLogger } from "@microtickets/common";
import { type TestBus, testNatsUrl } from "@microtickets/common/testing";
import { connect } from "@nats-io/transport-node";
import { EventStreams, type EventStreamsOptions } from "./event-streams.js";
import { TicketFeed } from "./ticket-feed.js";

export interface TestLiveOptions extends EventStreamsOptions {
  /** Changes the feed keeps in memory for reconnects (TicketFeedOptions.recentChanges). */
  recentChanges?: number;
  /** A NATS connection of its own, as another process would have. */
  ownConnection?: boolean;
}

/** The live-updates half of a tickets process, on a test's stream. */
export async function startTestLive(bus: TestBus, options: TestLiveOptions = {}) {
  const nc = options.ownConnection
    ? await connect({ servers: testNatsUrl(), name: "tickets-test-replica" })
    : bus.nc;
  const ticketFeed = await TicketFeed.start({
    nc,
    bus: bus.bus,
    logger: createLogger("tickets-test"),
    recentChanges: options.recentChanges,
  });
  const eventStreams = new EventStreams(options);
  return {
    ticketFeed,
    eventStreams,
    async stop() {
      eventStreams.closeAll();
      await ticketFeed.stop();
      if (nc !== bus.nc) await nc.close();
    },
  };
}

export type TestLive = Awaited<ReturnType<typeof startTestLive>>;
