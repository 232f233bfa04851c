import { pino } from "pino";

export type Logger = pino.Logger;

/** One JSON line per event; every line carries the service name. */
export function createLogger(service: string): Logger {
  return pino({
    name: service,
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service },
    redact: ["req.headers.cookie", 'res.headers["set-cookie"]', "password"],
  });
}
