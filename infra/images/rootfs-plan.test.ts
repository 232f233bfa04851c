import { describe, expect, it } from "vitest";
import { type HostLayout, parseLdd, planRootfs, rootfsPath } from "./rootfs-plan.js";

// What ldd printed for Debian 12's node and cp.
const LDD_NODE = `	linux-vdso.so.1 (0x00007f45d587d000)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f45d5867000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f45d5600000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f45d533e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f45d587f000)
`;

describe("reading ldd", () => {
  it("lists each library's path and the loader, leaving out the vDSO", () => {
    expect(parseLdd(LDD_NODE)).toEqual({
      libraries: [
        "/lib/x86_64-linux-gnu/libdl.so.2",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib64/ld-linux-x86-64.so.2",
      ],
      missing: [],
    });
  });

  it("names a library it cannot find, and finds nothing in a static program", () => {
    expect(parseLdd("\tlibacl.so.1 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n")).toEqual({
      libraries: ["/lib/libc.so.6"],
      missing: ["libacl.so.1"],
    });
    expect(parseLdd("\tnot a dynamic executable\n")).toEqual({ libraries: [], missing: [] });
    expect(parseLdd("\tstatically linked\n")).toEqual({ libraries: [], missing: [] });
  });
});

describe("where a host file goes in the image", () => {
  it("puts /lib, /lib64 and /bin under /usr, which they link to in a merged-/usr image", () => {
    expect(rootfsPath("/lib/x86_64-linux-gnu/libc.so.6")).toBe(
      "usr/lib/x86_64-linux-gnu/libc.so.6",
    );
    expect(rootfsPath("/lib64/ld-linux-x86-64.so.2")).toBe("usr/lib64/ld-linux-x86-64.so.2");
    expect(rootfsPath("/bin/dash")).toBe("usr/bin/dash");
  });

  it("leaves /usr and /etc paths where they are", () => {
    expect(rootfsPath("/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0")).toBe(
      "usr/lib/x86_64-linux-gnu/libpcre2-8.so.0",
    );
    expect(rootfsPath("/etc/ssl/certs/ca-certificates.crt")).toBe(
      "etc/ssl/certs/ca-certificates.crt",
    );
    expect(rootfsPath("/library/x")).toBe("library/x");
  });
});

const HOST: HostLayout = {
  node: "/usr/bin/node",
  npmRoot: "/usr/lib/node_modules/npm",
  tools: [
    { name: "sh", path: "/usr/bin/dash" },
    { name: "cp", path: "/usr/bin/cp" },
  ],
  libraries: [
    "/lib/x86_64-linux-gnu/libc.so.6",
    "/lib64/ld-linux-x86-64.so.2",
    "/lib/x86_64-linux-gnu/libc.so.6",
  ],
  caBundle: "/etc/ssl/certs/ca-certificates.crt",
};

describe("the local base image's root filesystem", () => {
  const plan = planRootfs(HOST);
  const at = (path: string) => plan.filter((entry) => entry.path === path);

  it("has node and npm where the official node image has them", () => {
    expect(at("usr/local/bin/node")).toEqual([
      { kind: "copy", from: "/usr/bin/node", path: "usr/local/bin/node" },
    ]);
    expect(at("usr/local/lib/node_modules/npm")).toEqual([
      {
        kind: "copy",
        from: "/usr/lib/node_modules/npm",
        path: "usr/local/lib/node_modules/npm",
        skip: ["docs", "man"],
      },
    ]);
    expect(at("usr/local/bin/npm")).toEqual([
      {
        kind: "symlink",
        path: "usr/local/bin/npm",
        target: "../lib/node_modules/npm/bin/npm-cli.js",
      },
    ]);
  });

  it("has a tool under its own name and under the name scripts call it by", () => {
    expect(at("usr/bin/dash")).toEqual([
      { kind: "copy", from: "/usr/bin/dash", path: "usr/bin/dash" },
    ]);
    expect(at("usr/bin/sh")).toEqual([{ kind: "symlink", path: "usr/bin/sh", target: "dash" }]);
    expect(at("usr/bin/cp")).toHaveLength(1);
  });

  it("copies each library once, under /usr, with /lib and /lib64 linked there", () => {
    expect(at("usr/lib/x86_64-linux-gnu/libc.so.6")).toHaveLength(1);
    expect(at("usr/lib64/ld-linux-x86-64.so.2")).toHaveLength(1);
    expect(at("lib")).toEqual([{ kind: "symlink", path: "lib", target: "usr/lib" }]);
    expect(at("lib64")).toEqual([{ kind: "symlink", path: "lib64", target: "usr/lib64" }]);
  });

  it("has a world-writable sticky /tmp, the CA bundle, and the user 10001 the images run as", () => {
    expect(at("tmp")).toEqual([{ kind: "dir", path: "tmp", mode: 0o1777 }]);
    expect(at("etc/ssl/certs/ca-certificates.crt")[0]).toMatchObject({ kind: "copy" });
    const passwd = at("etc/passwd")[0];
    expect(passwd?.kind === "file" && passwd.content).toContain(":10001:10001:");
    const group = at("etc/group")[0];
    expect(group?.kind === "file" && group.content).toContain("app:x:10001:");
  });

  it("puts nothing through a linked folder, where unpacking would follow the link", () => {
    const throughLink = plan.filter((entry) => /^(bin|sbin|lib|lib64)\//.test(entry.path));
    expect(throughLink).toEqual([]);
  });
});
