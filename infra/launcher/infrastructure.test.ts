import { chmod, lstat, mkdtemp, readlink, rm, rmdir } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort, isPortFree, isRunning, readPid, SetupError } from "@microtickets/dev-servers";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Infrastructure, resolveInfrastructure } from "./infrastructure.js";

/** Sends `command` (if any) and resolves with the first line the server sends back. */
function firstLine(url: string, command?: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = "";
    socket.on("error", reject);
    socket.on("connect", () => {
      if (command) socket.write(command);
    });
    socket.on("data", (chunk) => {
      received += chunk.toString();
      const end = received.indexOf("\r\n");
      if (end >= 0) {
        socket.destroy();
        resolve(received.slice(0, end));
      }
    });
  });
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "";
  } finally {
    await client.end();
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "microtickets-infra-"));
  // Searchable by the unprivileged user PostgreSQL runs as when the tests run as root.
  await chmod(dir, 0o755);
  return dir;
}

const isRoot = process.getuid?.() === 0;
// A missing program fails the test with the install command; a test never runs apt-get.
const neverInstall = { platform: "linux", isRoot: false, isDebianLike: false } as const;

describe("infrastructure with nothing running and nothing configured", () => {
  let dataDir: string;
  let infra: Infrastructure;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    const [nats, postgres, redis] = [await freePort(), await freePort(), await freePort()];
    infra = await resolveInfrastructure({
      dataDir,
      env: {},
      standardPorts: { nats, postgres, redis },
      host: neverInstall,
    });
  }, 90_000);

  afterAll(async () => {
    await infra?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts private NATS, PostgreSQL and Redis with their data under the data directory", () => {
    for (const name of ["nats", "postgres", "redis"] as const) {
      expect(infra.servers[name].resolution).toMatchObject({
        kind: "started",
        dataDir: join(dataDir, name),
      });
    }
    expect(infra.databaseUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  });

  it("has a PostgreSQL that accepts the postgres superuser without a password", async () => {
    expect(await postgresVersion(infra.databaseUrl)).toMatch(/^\d+/);
  });

  it("has a Redis that answers PING", async () => {
    expect(await firstLine(infra.redisUrl, "PING\r\n")).toBe("+PONG");
  });

  it("has a NATS server with JetStream enabled", async () => {
    const info = await firstLine(infra.natsUrl);

    expect(info).toMatch(/^INFO /);
    expect(JSON.parse(info.slice("INFO ".length))).toMatchObject({ jetstream: true });
  });

  it("uses servers already answering on the standard ports instead of starting more", async () => {
    const found = await resolveInfrastructure({
      dataDir: join(dataDir, "unused"),
      env: {},
      standardPorts: {
        nats: portOf(infra.natsUrl),
        postgres: portOf(infra.databaseUrl),
        redis: portOf(infra.redisUrl),
      },
    });
    await found.stop();

    expect(found.natsUrl).toBe(infra.natsUrl);
    expect(found.databaseUrl).toBe(infra.databaseUrl);
    expect(found.redisUrl).toBe(infra.redisUrl);
    for (const server of Object.values(found.servers)) {
      expect(server.resolution).toEqual({ kind: "running" });
    }
    // Stopping what it found leaves the servers running.
    expect(await firstLine(infra.redisUrl, "PING\r\n")).toBe("+PONG");
  });

  it("prefers the environment over servers answering on the standard ports", async () => {
    const env = {
      NATS_URL: "nats://nats.example:4222",
      DATABASE_URL: "postgres://app:secret@db.example:5432/postgres",
      REDIS_URL: "redis://cache.example:6379",
    };

    const fromEnv = await resolveInfrastructure({
      dataDir: join(dataDir, "unused"),
      env,
      standardPorts: { nats: portOf(infra.natsUrl), redis: portOf(infra.redisUrl) },
    });

    expect(fromEnv.natsUrl).toBe(env.NATS_URL);
    expect(fromEnv.databaseUrl).toBe(env.DATABASE_URL);
    expect(fromEnv.redisUrl).toBe(env.REDIS_URL);
    expect(fromEnv.servers.redis.resolution).toEqual({ kind: "env", variable: "REDIS_URL" });
  });

  it("stops the servers it started and frees their ports", async () => {
    const ports = [infra.natsUrl, infra.databaseUrl, infra.redisUrl].map(portOf);

    await infra.stop();

    for (const port of ports) expect(await isPortFree(port)).toBe(true);
    await expect(firstLine(infra.redisUrl, "PING\r\n")).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});

describe("infrastructure after a run that was killed outright", () => {
  it("stops the servers the dead run left behind and starts its own on the same data", async () => {
    const dataDir = await tempDataDir();
    const closed = { nats: await freePort(), postgres: await freePort(), redis: await freePort() };
    const options = { dataDir, env: {}, standardPorts: closed, host: neverInstall };
    // Never stopped: what a launcher killed with SIGKILL leaves behind.
    const orphaned = await resolveInfrastructure(options);
    // Pids, not ports: a parallel test may bind a port the moment it is freed.
    const orphanedPids = [
      "nats/nats-server.pid",
      "postgres/postmaster.pid",
      "redis/redis-server.pid",
    ].map((file) => readPid(join(dataDir, file)));
    expect(orphanedPids.every((pid) => pid !== undefined && isRunning(pid))).toBe(true);
    // Its servers.pid names this (live) process; a crashed launcher's would name a dead one.
    await rm(join(dataDir, "servers.pid"));
    try {
      const next = await resolveInfrastructure(options);
      try {
        for (const pid of orphanedPids) expect(isRunning(pid as number)).toBe(false);
        expect(await postgresVersion(next.databaseUrl)).toMatch(/^\d+/);
        expect(await firstLine(next.redisUrl, "PING\r\n")).toBe("+PONG");
      } finally {
        await next.stop();
      }
    } finally {
      await orphaned.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe("infrastructure on a machine without the server programs", () => {
  const closedPorts = async () => ({
    nats: await freePort(),
    postgres: await freePort(),
    redis: await freePort(),
  });

  it("prints the Homebrew command on macOS and installs nothing", async () => {
    const attempt = resolveInfrastructure({
      dataDir: join(tmpdir(), "microtickets-never-created"),
      env: {},
      standardPorts: await closedPorts(),
      searchDirs: [],
      host: { platform: "darwin", isRoot: false, isDebianLike: false },
    });

    await expect(attempt).rejects.toThrow(SetupError);
    await expect(attempt).rejects.toThrow("brew install nats-server postgresql@16 redis");
  });

  it("prints the apt-get command with sudo on Debian when not root", async () => {
    const attempt = resolveInfrastructure({
      dataDir: join(tmpdir(), "microtickets-never-created"),
      env: { NATS_URL: "nats://127.0.0.1:4222" },
      standardPorts: await closedPorts(),
      searchDirs: [],
      host: { platform: "linux", isRoot: false, isDebianLike: true },
    });

    await expect(attempt).rejects.toThrow(
      "sudo apt-get update && sudo apt-get install -y postgresql redis-server",
    );
  });
});

describe.skipIf(!isRoot)("PostgreSQL for root with the repository in a private directory", () => {
  it("keeps the data outside, reachable by the postgres user, behind a .data symlink", async () => {
    // mkdtemp's mode 700, like /root: the postgres user cannot reach anything inside.
    const privateRepo = await mkdtemp(join(tmpdir(), "microtickets-private-"));
    const dataDir = join(privateRepo, ".data");
    const infra = await resolveInfrastructure({
      dataDir,
      env: { NATS_URL: "nats://127.0.0.1:1", REDIS_URL: "redis://127.0.0.1:1" },
      standardPorts: { postgres: await freePort() },
      host: neverInstall,
    });
    const link = join(dataDir, "postgres");
    const outside = await readlink(link);
    try {
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
      expect(outside).toMatch(/^\/var\/lib\/microtickets\//);
      expect(await postgresVersion(infra.databaseUrl)).toMatch(/^\d+/);
    } finally {
      await infra.stop();
      await rm(privateRepo, { recursive: true, force: true });
      await rm(dirname(outside), { recursive: true, force: true });
      // Leave no trace on the machine; another checkout's data may still be in there.
      await rmdir(dirname(dirname(outside))).catch(() => {});
    }
  }, 90_000);
});
