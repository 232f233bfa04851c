import { basename } from "node:path";

/**
 * The root filesystem of the local base image, as a list of what to put where: the machine's
 * own node and npm laid out as the official node image has them (/usr/local/bin/node,
 * /usr/local/lib/node_modules/npm), the shared libraries they load, a shell and the few tools
 * npm scripts call, the CA bundle, and the numeric user the images run as.
 */
export type RootfsEntry =
  | { kind: "dir"; path: string; mode: number }
  | { kind: "copy"; from: string; path: string; skip?: readonly string[] }
  | { kind: "symlink"; path: string; target: string }
  | { kind: "file"; path: string; content: string; mode: number };

/** What was found on the machine (absolute, symbolic links resolved). */
export interface HostLayout {
  node: string;
  /** npm's package folder (the one holding bin/npm-cli.js). */
  npmRoot: string;
  /** Each tool by the name scripts call it, and the program that name resolves to. */
  tools: readonly { name: string; path: string }[];
  /** Every shared library node and the tools load (from ldd). */
  libraries: readonly string[];
  caBundle: string;
}

/** `sh` runs every npm script; `env` is in npm's shebang; `cp` in the services' build scripts. */
export const BASE_TOOLS = ["sh", "env", "cp", "mkdir", "rm", "mv", "ln", "ls", "cat", "chmod"];

export const APP_UID = 10001;
export const CA_BUNDLE_PATH = "/etc/ssl/certs/ca-certificates.crt";

/** The folders a merged-/usr system (Debian 12, the official image's) links into /usr. */
const MERGED_INTO_USR = new Set(["bin", "sbin", "lib", "lib32", "lib64", "libx32"]);

/**
 * Where a host path goes in the image, relative to its root: under /usr for the folders that
 * are links into it there, so a library found at /lib/… on any host lands where /lib points.
 */
export function rootfsPath(hostPath: string): string {
  const relative = hostPath.replace(/^\/+/, "");
  const [top] = relative.split("/");
  return top && MERGED_INTO_USR.has(top) ? `usr/${relative}` : relative;
}

export interface LddResult {
  libraries: string[];
  /** Libraries ldd could not find: the program would not start in the image either. */
  missing: string[];
}

/** The libraries in `ldd <program>`'s answer (the vDSO has no file and is left out). */
export function parseLdd(output: string): LddResult {
  const libraries: string[] = [];
  const missing: string[] = [];
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    const notFound = /^(\S+) => not found$/.exec(line);
    if (notFound?.[1]) {
      missing.push(notFound[1]);
      continue;
    }
    const path = /(?:=> )?(\/\S+) \(0x[0-9a-f]+\)$/.exec(line)?.[1];
    if (path) libraries.push(path);
  }
  return { libraries, missing };
}

const PASSWD = [
  "root:x:0:0:root:/root:/bin/sh",
  `app:x:${APP_UID}:${APP_UID}:microtickets:/nonexistent:/usr/sbin/nologin`,
];
const GROUP = ["root:x:0:", `app:x:${APP_UID}:`];
/** glibc's defaults, written down: users from /etc/passwd, names from /etc/hosts then DNS. */
const NSSWITCH = ["passwd: files", "group: files", "hosts: files dns"];

const lines = (list: readonly string[]) => `${list.join("\n")}\n`;

export function planRootfs(host: HostLayout): RootfsEntry[] {
  const dirs: RootfsEntry[] = [
    ...["usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "usr/local/bin"].map((path) => ({
      kind: "dir" as const,
      path,
      mode: 0o755,
    })),
    { kind: "dir", path: "usr/local/lib/node_modules", mode: 0o755 },
    { kind: "dir", path: "etc/ssl/certs", mode: 0o755 },
    { kind: "dir", path: "root", mode: 0o700 },
    { kind: "dir", path: "tmp", mode: 0o1777 },
  ];
  const mergedUsr: RootfsEntry[] = ["bin", "sbin", "lib", "lib64"].map((top) => ({
    kind: "symlink",
    path: top,
    target: `usr/${top}`,
  }));
  const node: RootfsEntry[] = [
    { kind: "copy", from: host.node, path: "usr/local/bin/node" },
    // npm's documentation is for `npm help`, which no build runs.
    {
      kind: "copy",
      from: host.npmRoot,
      path: "usr/local/lib/node_modules/npm",
      skip: ["docs", "man"],
    },
    {
      kind: "symlink",
      path: "usr/local/bin/npm",
      target: "../lib/node_modules/npm/bin/npm-cli.js",
    },
    {
      kind: "symlink",
      path: "usr/local/bin/npx",
      target: "../lib/node_modules/npm/bin/npx-cli.js",
    },
  ];
  const tools = host.tools.flatMap(({ name, path }): RootfsEntry[] => {
    const program = basename(path);
    const copy: RootfsEntry = { kind: "copy", from: path, path: `usr/bin/${program}` };
    // sh is dash on Debian: the program under its own name, and sh a link to it, as there.
    return program === name
      ? [copy]
      : [copy, { kind: "symlink", path: `usr/bin/${name}`, target: program }];
  });
  const libraries = [...new Set(host.libraries)]
    .sort()
    .map((from): RootfsEntry => ({ kind: "copy", from, path: rootfsPath(from) }));
  const etc: RootfsEntry[] = [
    { kind: "copy", from: host.caBundle, path: rootfsPath(CA_BUNDLE_PATH) },
    { kind: "file", path: "etc/passwd", content: lines(PASSWD), mode: 0o644 },
    { kind: "file", path: "etc/group", content: lines(GROUP), mode: 0o644 },
    { kind: "file", path: "etc/nsswitch.conf", content: lines(NSSWITCH), mode: 0o644 },
  ];
  return [...dirs, ...mergedUsr, ...node, ...dedupeByPath(tools), ...libraries, ...etc];
}

/** Two names may resolve to one program (a busybox host): it is copied once. */
function dedupeByPath(entries: RootfsEntry[]): RootfsEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.path) && seen.add(entry.path));
}
