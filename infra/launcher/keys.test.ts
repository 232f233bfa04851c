import { generateKeyPairSync, sign, verify } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SetupError } from "@microtickets/dev-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sessionKeys } from "./keys.js";

describe("session keys", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "microtickets-keys-")), "keys");
  });
  afterEach(async () => {
    await rm(join(dir, ".."), { recursive: true, force: true });
  });

  it("generates a matching Ed25519 pair once, private key readable only by its owner", async () => {
    const keys = await sessionKeys(dir, {});

    const signature = sign(null, Buffer.from("session"), keys.privateKey);
    expect(verify(null, Buffer.from("session"), keys.publicKey, signature)).toBe(true);
    expect(keys.privateKey).toContain("-----BEGIN PRIVATE KEY-----");
    expect(keys.publicKey).toContain("-----BEGIN PUBLIC KEY-----");
    expect((await stat(join(dir, "session-private.pem"))).mode & 0o777).toBe(0o600);
    expect(keys.source).toBe("generated");
  });

  it("reuses the stored pair on the next start", async () => {
    const first = await sessionKeys(dir, {});
    const second = await sessionKeys(dir, {});

    expect(second).toEqual({ ...first, source: "stored" });
  });

  it("takes the keys from the environment when set, deriving a missing public key", async () => {
    const pair = generateKeyPairSync("ed25519", {
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const oneLine = pair.privateKey.replace(/\n/g, "\\n");

    const keys = await sessionKeys(dir, { JWT_PRIVATE_KEY: oneLine });

    expect(keys).toEqual({ privateKey: pair.privateKey, publicKey: pair.publicKey, source: "env" });
  });

  it("refuses a public key without its private key", async () => {
    await expect(sessionKeys(dir, { JWT_PUBLIC_KEY: "x" })).rejects.toThrow(SetupError);
  });
});
