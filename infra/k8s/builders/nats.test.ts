import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSearchDirs, findExecutable } from "@microtickets/dev-servers";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../environments.js";
import { natsConfig } from "./nats.js";

describe("nats.conf", () => {
  it("clusters prod's three servers with a route to each pod through the headless Service", () => {
    const config = natsConfig(ENVIRONMENTS.prod);

    expect(config).toContain("cluster {");
    for (const pod of ["nats-0", "nats-1", "nats-2"]) {
      expect(config).toContain(`nats://${pod}.nats-headless:6222`);
    }
  });

  it("runs dev's one server alone", () => {
    expect(natsConfig(ENVIRONMENTS.dev)).not.toContain("cluster");
  });

  it("names each server after its pod and keeps JetStream on the volume", () => {
    const config = natsConfig(ENVIRONMENTS.prod);

    expect(config).toContain("server_name: $SERVER_NAME");
    expect(config).toContain("store_dir: /data/jetstream");
  });

  it.each(["dev", "prod"] as const)(
    "is a configuration nats-server itself accepts in %s (it refuses unknown fields)",
    (env) => {
      const server = findExecutable("nats-server", defaultSearchDirs());
      expect(server, "nats-server is installed wherever npm test runs").toBeDefined();
      const dir = mkdtempSync(join(tmpdir(), "microtickets-nats-conf-"));
      try {
        const file = join(dir, "nats.conf");
        writeFileSync(file, natsConfig(ENVIRONMENTS[env]));
        const tested = spawnSync(server as string, ["-c", file, "-t"], {
          encoding: "utf8",
          env: { SERVER_NAME: "nats-0" },
        });
        expect(tested.stderr + tested.stdout).toContain("is valid");
        expect(tested.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
