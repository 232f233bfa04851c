import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FINGERPRINT_LABEL, fingerprint, importChanges, localBaseTag } from "./base-image.js";
import type { RootfsEntry } from "./rootfs-plan.js";

describe("the local base image", () => {
  it("is tagged with the Node.js version it carries", () => {
    expect(localBaseTag("20.20.2")).toBe("localhost/microtickets-node:20.20.2");
  });

  it("is configured as the official image is: PATH, NODE_VERSION, node as its command; and trusts the machine's CAs", () => {
    expect(importChanges("20.20.2", "abc")).toEqual([
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "ENV NODE_VERSION=20.20.2",
      "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt",
      `LABEL ${FINGERPRINT_LABEL}=abc`,
      'CMD ["node"]',
    ]);
  });
});

describe("the base image's fingerprint", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const planFor = (from: string): RootfsEntry[] => [
    { kind: "dir", path: "tmp", mode: 0o1777 },
    { kind: "copy", from, path: "usr/local/bin/node" },
  ];

  it("stays the same while nothing that goes in changes, so the image (and every layer on it) is reused", () => {
    dir = mkdtempSync(join(tmpdir(), "fingerprint-"));
    const node = join(dir, "node");
    writeFileSync(node, "v20");
    expect(fingerprint(planFor(node))).toBe(fingerprint(planFor(node)));
  });

  it("changes when a copied file changes, or the plan does", () => {
    dir = mkdtempSync(join(tmpdir(), "fingerprint-"));
    const node = join(dir, "node");
    writeFileSync(node, "v20");
    utimesSync(node, 1_000, 1_000);
    const before = fingerprint(planFor(node));
    writeFileSync(node, "v22");
    utimesSync(node, 2_000, 2_000);
    expect(fingerprint(planFor(node))).not.toBe(before);
    expect(
      fingerprint([...planFor(node), { kind: "symlink", path: "bin", target: "usr/bin" }]),
    ).not.toBe(fingerprint(planFor(node)));
  });

  it("changes when a copied package's version does, its folder's size and time alike", () => {
    dir = mkdtempSync(join(tmpdir(), "fingerprint-"));
    const npm = join(dir, "npm");
    mkdirSync(npm);
    const withVersion = (version: string) => {
      writeFileSync(join(npm, "package.json"), `{"name":"npm","version":"${version}"}`);
      utimesSync(npm, 1_000, 1_000);
      return fingerprint(planFor(npm));
    };
    expect(withVersion("11.19.1")).not.toBe(withVersion("11.21.2"));
  });
});
