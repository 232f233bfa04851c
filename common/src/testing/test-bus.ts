import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type BusConfig, type EnsureStreamOptions, ensureStream } from "../bus/stream.js";

export interface TestBus {
  nc: NatsConnection;
  bus: BusConfig;
  js: JetStreamClient;
  /** Deletes the stream (and with it its consumers) and closes the connection. */
  destroy(): Promise<void>;
}

export function testNatsUrl(): string {
  return process.env.NATS_URL ?? "nats://127.0.0.1:4222";
}

/**
 * A stream and subject prefix of its own for one test file, on the shared server: files running
 * in parallel never see each other's events or consumers.
 */
export async function createTestBus(
  label: string,
  options?: EnsureStreamOptions,
): Promise<TestBus> {
  const suffix = randomBytes(4).toString("hex");
  const bus: BusConfig = {
    stream: `TEST_${label.replace(/[^\w-]/g, "_")}_${suffix}`,
    subjectPrefix: `t${suffix}.`,
  };
  const nc = await connect({ servers: testNatsUrl(), name: `test-${label}` });
  await ensureStream(nc, bus, options);
  return {
    nc,
    bus,
    js: jetstream(nc),
    destroy: async () => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(bus.stream);
      await nc.close();
    },
  };
}

export interface PrivateNatsServer {
  url: string;
  start(): Promise<void>;
  /** Stops the server, keeping its JetStream data for the next start (a restart). */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A NATS server of the test's own, for what cannot be done to the shared one: stopping and
 * restarting it. Not started yet; its port and data directory stay the same across restarts.
 */
export async function createPrivateNatsServer(): Promise<PrivateNatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), "nats-test-"));
  let server: ChildProcess | undefined;

  const start = async () => {
    const child = spawn(
      "nats-server",
      ["--jetstream", "--addr", "127.0.0.1", "--port", String(port), "--store_dir", storeDir],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    server = child;
    let log = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Server is ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`nats-server exited (${code}): ${log}`)));
      child.once("error", reject);
    });
  };
  const stop = async () => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
