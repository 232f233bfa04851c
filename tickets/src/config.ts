import { apiEnv, busEnv, databaseEnv, env, serviceConfig } from "@microtickets/common";
import type { z } from "zod";

export const ticketsConfig = serviceConfig(4002).extend({
  ...databaseEnv,
  ...apiEnv,
  ...busEnv,
  /** Ticket changes the live feed keeps in memory, so a reconnect is served without the stream. */
  TICKET_FEED_RECENT_CHANGES: env.positiveInt(1_000),
  /** How often an open event stream gets a comment line (CONTRACT.md: at least every 15 s). */
  EVENT_STREAM_HEARTBEAT_MS: env.positiveInt(15_000),
  /** Live changes one stream may have waiting for its socket before it is dropped as too slow. */
  EVENT_STREAM_MAX_QUEUED_CHANGES: env.positiveInt(1_000),
});

export type TicketsConfig = z.infer<typeof ticketsConfig>;
