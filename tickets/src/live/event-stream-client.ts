import { type Agent, get, type IncomingHttpHeaders } from "node:http";
import { eventually } from "@microtickets/common/testing";

/** One event as a client received it. */
export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** performance.now() when its last line arrived. */
  receivedAt: number;
}

export interface EventStreamClient {
  status: number;
  headers: IncomingHttpHeaders;
  events: ReceivedEvent[];
  comments: string[];
  /** True once the server ended or cut the stream. */
  readonly ended: boolean;
  /** Called for each event as it arrives (the benchmark's clock). */
  onEvent?: (event: ReceivedEvent) => void;
  /** Waits (with a deadline) until `count` events have arrived and returns them. */
  waitForEvents(count: number, options?: { timeoutMs?: number }): Promise<ReceivedEvent[]>;
  /** Stops reading: the server's writes pile up in the socket, as with a stalled client. */
  pause(): void;
  close(): void;
}

/**
 * A test's EventSource: a plain HTTP GET that parses the text/event-stream as it arrives, so a
 * test sees each event when it is received, not when the response ends. Resolves on headers.
 */
export function openEventStream(
  url: string,
  { lastEventId, agent }: { lastEventId?: string; agent?: Agent } = {},
): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
    const req = get(url, { headers, agent: agent ?? false }, (res) => {
      let ended = false;
      let buffer = "";
      let pending: Partial<Omit<ReceivedEvent, "receivedAt">> & { data?: string } = {};
      const client: EventStreamClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        get ended() {
          return ended;
        },
        waitForEvents: (count, { timeoutMs = 5_000 } = {}) =>
          eventually(() => client.events.length >= count && client.events.slice(0, count), {
            timeoutMs,
          }),
        pause: () => res.pause(),
        close: () => req.destroy(),
      };
      const line = (text: string) => {
        if (text === "") {
          if (pending.data !== undefined) {
            const event: ReceivedEvent = {
              id: pending.id,
              event: pending.event ?? "message",
              data: pending.data,
              receivedAt: performance.now(),
            };
            client.events.push(event);
            client.onEvent?.(event);
          }
          pending = {};
          return;
        }
        if (text.startsWith(":")) {
          client.comments.push(text.slice(1).trim());
          return;
        }
        const colon = text.indexOf(":");
        const field = colon === -1 ? text : text.slice(0, colon);
        const value = colon === -1 ? "" : text.slice(colon + 1).replace(/^ /, "");
        if (field === "data")
          pending.data = pending.data === undefined ? value : `${pending.data}\n${value}`;
        else if (field === "id") pending.id = value;
        else if (field === "event") pending.event = value;
      };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
          line(buffer.slice(0, end));
          buffer = buffer.slice(end + 1);
        }
      });
      const finish = () => {
        ended = true;
      };
      res.on("end", finish);
      res.on("close", finish);
      res.on("error", finish);
      resolve(client);
    });
    req.on("error", reject);
  });
}
