import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBus, type TestBus } from "../testing/test-bus.js";
import { ensureStream } from "./stream.js";

describe("ensureStream", () => {
  let testBus: TestBus;
  beforeAll(async () => {
    testBus = await createTestBus("stream");
  });
  afterAll(() => testBus.destroy());

  it("keeps one copy of the stream by default", async () => {
    const info = await (await jetstreamManager(testBus.nc)).streams.info(testBus.bus.stream);
    expect(info.config.num_replicas).toBe(1);
  });

  it("asks JetStream for the replicas it is given, which a single server refuses", async () => {
    const replicated = { ...testBus.bus, stream: `${testBus.bus.stream}_R3` };
    await expect(ensureStream(testBus.nc, replicated, { replicas: 3 })).rejects.toThrow(
      /replicas/i,
    );
    const names = await (await jetstreamManager(testBus.nc)).streams.names().next();
    expect(names).not.toContain(replicated.stream);
  });
});
