import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { freePort } from "@microtickets/dev-servers";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { testServerUrl } from "../testing/test-database.js";
import { waitForDatabase } from "./wait-for-database.js";

/** The machine's PostgreSQL, reached at another address (`port`) that answers only once opened. */
function lateAddress(port: number): { url: string; open(): Promise<Server> } {
  const server = new URL(testServerUrl());
  const url = new URL(`postgres://${server.username}@127.0.0.1:${port}/postgres`);
  return {
    url: url.href,
    async open() {
      const proxy = createServer((client: Socket) => {
        const upstream = connect(Number(server.port || 5432), server.hostname);
        client.pipe(upstream).pipe(client);
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
      });
      proxy.listen(port, "127.0.0.1");
      await once(proxy, "listening");
      return proxy;
    },
  };
}

describe("waitForDatabase", () => {
  let proxy: Server | undefined;
  afterEach(() => {
    proxy?.close();
  });

  it("waits for a PostgreSQL that is not there yet, then resolves once it answers", async () => {
    const address = lateAddress(await freePort());
    let retried: () => void = () => {};
    const firstRetry = new Promise<void>((resolve) => {
      retried = resolve;
    });
    const logger = pino({ level: "warn" }, { write: () => retried() });

    const waiting = waitForDatabase(address.url, { logger, retry: { initialMs: 20, maxMs: 50 } });
    await firstRetry;
    proxy = await address.open();

    await expect(waiting).resolves.toBeUndefined();
  });

  it("fails at once when waiting cannot help: the database does not exist", async () => {
    const warnings: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(line) });
    const missing = new URL(testServerUrl());
    missing.pathname = "/no_such_database_anywhere";

    await expect(waitForDatabase(missing.href, { logger })).rejects.toThrow(/does not exist/);
    expect(warnings).toEqual([]);
  });

  it("stops waiting when the start is called off", async () => {
    const address = lateAddress(await freePort());
    const logger = pino({ level: "silent" });
    const called = new AbortController();
    const waiting = waitForDatabase(address.url, { logger, signal: called.signal });
    called.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});
