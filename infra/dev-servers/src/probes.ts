import { connect } from "node:net";
import pg from "pg";

const PROBE_TIMEOUT_MS = 1_000;

/**
 * Connects, optionally writes `greeting`, and resolves with what the server sent first, or
 * undefined when nothing answers in time. Never rejects: "no answer" is an answer here.
 */
function firstReply(host: string, port: number, greeting?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = "";
    const finish = (reply: string | undefined) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(undefined));
    socket.on("error", () => finish(undefined));
    socket.on("connect", () => {
      if (greeting) socket.write(greeting);
    });
    socket.on("data", (chunk) => {
      received += chunk.toString();
      if (received.includes("\r\n")) finish(received);
    });
  });
}

/** A NATS server greets every client with an `INFO {…}` line. */
export async function natsAnswers(host: string, port: number): Promise<boolean> {
  return (await firstReply(host, port))?.startsWith("INFO ") ?? false;
}

/** `+PONG`, not just an open port: a loading or password-protected Redis answers with an error. */
export async function redisAnswers(host: string, port: number): Promise<boolean> {
  return (await firstReply(host, port, "PING\r\n"))?.startsWith("+PONG") ?? false;
}

/** Usable means we can log in and query; a cluster that wants a password is not usable here. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
