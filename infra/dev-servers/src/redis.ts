import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { freePort } from "./ports.js";
import { redisAnswers } from "./probes.js";
import { answerOrStop, spawnLogged, stopOrphan, stopProcess } from "./processes.js";
import type { RunningServer, ServerOptions } from "./running-server.js";

/** redis-server whose append-only file in the data directory keeps its data across restarts. */
export async function startRedis(binary: string, options: ServerOptions): Promise<RunningServer> {
  const { dataDir, host } = options;
  await mkdir(dataDir, { recursive: true });
  // Without --daemonize Redis writes a pid file only when told to; we need it to find orphans.
  const pidFile = join(dataDir, "redis-server.pid");
  await stopOrphan(pidFile, "redis-server", "SIGTERM");
  const port = options.port ?? (await freePort(host));
  const args = ["--port", String(port), "--bind", host, "--dir", dataDir, "--appendonly", "yes"];
  // Timeouts of blocking commands are noticed `hz` times a second, and expiration's delayed
  // jobs fall due by such a timeout: at the default 10 a lock ends up to 100 ms late.
  args.push("--hz", "100");
  const server = spawnLogged(binary, [...args, "--pidfile", pidFile], options.logFile, {
    detached: options.detached,
  });
  // SIGTERM makes Redis fsync its append-only file before exiting.
  const stop = () =>
    stopProcess(server.exited, (signal) => server.child.kill(signal), "SIGTERM", 10_000);
  await answerOrStop(
    "redis-server",
    server,
    () => redisAnswers(host, port),
    options.startTimeoutMs,
    stop,
  );
  return { url: `redis://${host}:${port}`, port, stop };
}
