import type { AddressInfo } from "node:net";
import express, { Router } from "express";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { busEnv } from "../bus/env.js";
import { listener } from "../bus/listener.js";
import { apiEnv, ConfigError, databaseEnv, redisEnv, serviceConfig } from "../config.js";
import { TicketCreated } from "../events/index.js";
import { sampleTicketCreated, startTestService, type TestService } from "../testing/index.js";
import { defineService } from "./define-service.js";
import { closeServer, listen } from "./http-server.js";
import { startService } from "./start-service.js";

const migrations = new URL("../db/__fixtures__/service", import.meta.url);
const config = serviceConfig(0).extend({ ...databaseEnv, ...apiEnv, ...busEnv, ...redisEnv("x:") });

/** A service with one of each part, writing down when each one stops. */
function recordingService(stopped: string[]) {
  return defineService({
    name: "kit",
    config,
    migrations,
    setup: ({ db }) => {
      const applied = listener(TicketCreated, async (data, { tx }) => {
        await tx.query("INSERT INTO widgets (name) VALUES ($1)", [data.id]);
      });
      return {
        routes: [
          Router().get("/api/widgets", async (_req, res) => {
            const { rows } = await db.query("SELECT name FROM widgets");
            res.json(rows);
          }),
        ],
        listeners: [
          {
            subject: applied.subject,
            start: async (base) => {
              const consumer = await applied.start(base);
              return {
                name: consumer.name,
                stop: () => consumer.stop().then(() => void stopped.push("consumers")),
              };
            },
          },
        ],
        jobs: [{ name: "job", start: () => async () => void stopped.push("jobs") }],
        resources: [{ name: "resource", close: async () => void stopped.push("resources") }],
        onHttpClose: () => void stopped.push("http"),
        deps: { db },
      };
    },
  });
}

describe("a service started by the kit", () => {
  let t: TestService<unknown, unknown> | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("migrates, consumes, serves its routes and reports its connections ready", async () => {
    const stopped: string[] = [];
    const service = await startTestService(recordingService(stopped), { label: "parts" });
    t = service;
    const created = sampleTicketCreated();
    await service.apply(created);
    const res = await request(service.app).get("/api/widgets").expect(200);
    expect(res.body).toEqual([{ name: created.data.id }]);
    const ready = await request(service.app).get("/readyz").expect(200);
    expect(ready.body.checks).toEqual({ database: "ok", redis: "ok", nats: "ok" });
  });

  it("stops in the one safe order: http, jobs, consumers, what setup opened, then connections", async () => {
    const stopped: string[] = [];
    const service = await startTestService(recordingService(stopped), { label: "order" });
    t = service;
    await service.stop();
    expect(stopped).toEqual(["http", "jobs", "consumers", "resources"]);
    expect(service.bus?.nc.isClosed()).toBe(true);
    expect(service.redis?.status).toBe("end");
    expect(service.db.ended).toBe(true);
  });

  it("closes what it opened, in the same order, when it cannot start, and rethrows", async () => {
    const stopped: string[] = [];
    const taken = await listen(express(), 0);
    const { port } = taken.address() as AddressInfo;
    const starting = startTestService(recordingService(stopped), {
      label: "fails",
      env: { PORT: String(port) },
    });
    await expect(starting).rejects.toThrow(/EADDRINUSE/);
    expect(stopped).toEqual(["jobs", "consumers", "resources"]);
    await closeServer(taken);
  });

  it("refuses a bad configuration, naming the variable", async () => {
    await expect(
      startService(recordingService([]), { env: { DATABASE_URL: "mysql://nowhere" } }),
    ).rejects.toThrow(
      new ConfigError("Invalid configuration: DATABASE_URL: must be a postgres or postgresql URL"),
    );
  });
});
