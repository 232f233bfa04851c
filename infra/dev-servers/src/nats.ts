import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { freePort } from "./ports.js";
import { natsAnswers } from "./probes.js";
import { answerOrStop, spawnLogged, stopOrphan, stopProcess } from "./processes.js";
import type { RunningServer, ServerOptions } from "./running-server.js";

/** nats-server with JetStream, its streams stored in the data directory. */
export async function startNats(binary: string, options: ServerOptions): Promise<RunningServer> {
  const { dataDir, host } = options;
  await mkdir(dataDir, { recursive: true });
  const pidFile = join(dataDir, "nats-server.pid");
  await stopOrphan(pidFile, "nats-server", "SIGTERM");
  const port = options.port ?? (await freePort(host));
  const args = ["-js", "-a", host, "-p", String(port), "-sd", dataDir, "-P", pidFile];
  const server = spawnLogged(binary, args, options.logFile, { detached: options.detached });
  // SIGTERM lets JetStream flush its store; a stuck server is killed after 10 s.
  const stop = () =>
    stopProcess(server.exited, (signal) => server.child.kill(signal), "SIGTERM", 10_000);
  await answerOrStop(
    "nats-server",
    server,
    () => natsAnswers(host, port),
    options.startTimeoutMs,
    stop,
  );
  return { url: `nats://${host}:${port}`, port, stop };
}
