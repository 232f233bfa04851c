import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBus, sampleTicketCreated, type TestBus } from "../testing/index.js";
import { publishEvent } from "./publisher.js";

describe("publishEvent", () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus("publisher");
  });
  afterAll(() => bus.destroy());

  it("stores the event once when the same event is published twice", async () => {
    const event = sampleTicketCreated();

    const first = await publishEvent(bus.js, bus.bus, event);
    const second = await publishEvent(bus.js, bus.bus, event);

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    const jsm = await jetstreamManager(bus.nc);
    const info = await jsm.streams.info(bus.bus.stream);
    expect(info.state.messages).toBe(1);
  });

  it("publishes the envelope on the prefixed subject with the event id as Nats-Msg-Id", async () => {
    const event = sampleTicketCreated();

    const ack = await publishEvent(bus.js, bus.bus, event);

    const jsm = await jetstreamManager(bus.nc);
    const stored = await jsm.streams.getMessage(bus.bus.stream, { seq: ack.seq });
    expect(stored?.subject).toBe(`${bus.bus.subjectPrefix}ticket.created`);
    expect(stored?.header.get("Nats-Msg-Id")).toBe(event.id);
    expect(stored?.json()).toEqual(event);
  });
});
