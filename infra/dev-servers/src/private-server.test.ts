import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createPrivateRedisServer, type PrivateServer } from "./private-server.js";
import { redisAnswers } from "./probes.js";

/** A client that rides out the restarts below quietly: the server being away is the point. */
function connectRedis(url: string): Redis {
  const client = new Redis(url);
  client.on("error", () => {});
  return client;
}

describe("a test's own Redis", () => {
  let server: PrivateServer | undefined;
  let client: Redis | undefined;
  afterEach(async () => {
    client?.disconnect();
    await server?.destroy();
  });

  it("checks timeouts 100 times a second, as the launcher's does", async () => {
    server = await createPrivateRedisServer();
    await server.start();
    client = connectRedis(server.url);

    expect(await client.config("GET", "hz")).toEqual(["hz", "100"]);
  });

  it("keeps its data on its port across a restart, and stops answering once destroyed", async () => {
    server = await createPrivateRedisServer();
    const port = Number(new URL(server.url).port);
    await server.start();
    client = connectRedis(server.url);
    await client.set("kept", "yes");

    await server.stop();
    const answeredWhileStopped = await redisAnswers("127.0.0.1", port);
    await server.start();
    const kept = await client.get("kept");
    client.disconnect();
    await server.destroy();

    expect(answeredWhileStopped).toBe(false);
    expect(kept).toBe("yes");
    expect(await redisAnswers("127.0.0.1", port)).toBe(false);
  });
});
