import { z } from "zod";
import { env } from "../config.js";
import type { BusConfig } from "./stream.js";

/**
 * The bus part of a service's config schema: spread it into the service's own. The stream and
 * prefix default to production's; `npm start` sets them per namespace so stacks never mix.
 */
export const busEnv = {
  NATS_URL: env.url(["nats", "tls"]),
  BUS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only")
    .default("EVENTS"),
  BUS_SUBJECT_PREFIX: z
    .string()
    .regex(/^([a-z0-9_]+\.)?$/, 'empty, or a lower-case token ending in "."')
    .default(""),
  /** Copies of the stream JetStream keeps: 1 on one server, 3 on a clustered NATS (prod). */
  BUS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
};

export function busConfigFrom(config: {
  BUS_STREAM: string;
  BUS_SUBJECT_PREFIX: string;
}): BusConfig {
  return { stream: config.BUS_STREAM, subjectPrefix: config.BUS_SUBJECT_PREFIX };
}
