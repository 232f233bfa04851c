import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A server of the test's own, for what cannot be done to the shared one: stop and restart it. */
export interface PrivateServer {
  url: string;
  start(): Promise<void>;
  /** Stops the server (SIGTERM), keeping its data for the next start: a restart. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

interface PrivateServerSpec {
  program: string;
  args(port: number, dataDir: string): string[];
  url(port: number): string;
  /** What the server prints on `stream` once it accepts connections. */
  readyLine: string;
  stream: "stdout" | "stderr";
}

/** Not started yet; its port and data directory stay the same across restarts. */
async function createPrivateServer(spec: PrivateServerSpec): Promise<PrivateServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), `${spec.program}-test-`));
  let server: ChildProcess | undefined;

  const start = async () => {
    const stdio = spec.stream === "stdout" ? "pipe" : "ignore";
    const child = spawn(spec.program, spec.args(port, dataDir), {
      stdio: ["ignore", stdio, spec.stream === "stderr" ? "pipe" : "ignore"],
    });
    server = child;
    let log = "";
    await new Promise<void>((resolve, reject) => {
      child[spec.stream]?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes(spec.readyLine)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`${spec.program} exited (${code}): ${log}`)));
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
    url: spec.url(port),
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A NATS server with JetStream; its stream data survives a restart. */
export function createPrivateNatsServer(): Promise<PrivateServer> {
  return createPrivateServer({
    program: "nats-server",
    args: (port, dir) => [
      "--jetstream",
      "--addr",
      "127.0.0.1",
      "--port",
      String(port),
      "--store_dir",
      dir,
    ],
    url: (port) => `nats://127.0.0.1:${port}`,
    readyLine: "Server is ready",
    stream: "stderr",
  });
}

/** A Redis server whose append-only file keeps its data across a restart. */
export function createPrivateRedisServer(): Promise<PrivateServer> {
  return createPrivateServer({
    program: "redis-server",
    args: (port, dir) => [
      ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
      ...["--appendonly", "yes", "--save", ""],
    ],
    url: (port) => `redis://127.0.0.1:${port}`,
    readyLine: "Ready to accept connections",
    stream: "stdout",
  });
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
