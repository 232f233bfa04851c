import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dropDatabase } from "@microtickets/common";
import { testServerUrl } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseOwners } from "../deployables.js";
import { initScript, passwordVariable } from "./postgres.js";

/**
 * Dev's init script, run for real by psql against the machine's PostgreSQL, as the postgres
 * image runs it on a fresh volume. Role names are cluster-wide, so each gets a prefix of this
 * run's own (`t1a2b3c4_auth` …) and is dropped afterwards.
 */
describe("dev postgres's init script, run against a real server", () => {
  const server = new URL(testServerUrl());
  const prefix = `t${randomBytes(4).toString("hex")}_`;
  const services = databaseOwners().map(({ name }) => name);
  const role = (service: string) => `${prefix}${service}`;
  const urlAs = (user: string, database: string) => {
    const url = new URL(server);
    url.username = user;
    url.password = "";
    url.pathname = `/${database}`;
    return url.href;
  };
  const psqlAs = (user: string, database: string, sql: string) =>
    spawnSync(
      "psql",
      ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", urlAs(user, database), "-c", sql],
      {
        encoding: "utf8",
      },
    );

  beforeAll(() => {
    const script = initScript().replace(/-v svc=(\w+)/g, `-v svc=${prefix}$1`);
    execFileSync("sh", ["-c", script], {
      env: {
        PATH: process.env.PATH,
        PGHOST: server.hostname,
        PGPORT: server.port || "5432",
        POSTGRES_USER: decodeURIComponent(server.username) || "postgres",
        ...Object.fromEntries(services.map((name) => [passwordVariable(name), `pw-${name}`])),
      },
      stdio: "pipe",
    });
  });

  afterAll(async () => {
    const admin = decodeURIComponent(server.username) || "postgres";
    for (const service of services) {
      await dropDatabase(urlAs(admin, role(service)));
      psqlAs(admin, "postgres", `DROP ROLE IF EXISTS "${role(service)}"`);
    }
  });

  it("gives each service a role that owns its database and can create its tables there", () => {
    for (const service of services) {
      const created = psqlAs(
        role(service),
        role(service),
        "CREATE TABLE migrated (id int); SELECT current_user",
      );
      expect(created.stderr).toBe("");
      expect(created.stdout.trim()).toBe(role(service));
    }
  });

  it("lets no service's role into another service's database", () => {
    const [first, second] = services as [string, string];
    const intruding = psqlAs(role(first), role(second), "SELECT 1");
    expect(intruding.status).not.toBe(0);
    expect(intruding.stderr).toMatch(/permission denied for database/);
  });
});
