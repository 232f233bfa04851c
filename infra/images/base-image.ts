import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { SetupError } from "@microtickets/dev-servers";
import type { Engine } from "./engine.js";
import { parseImageInspect } from "./inspect.js";
import {
  BASE_TOOLS,
  CA_BUNDLE_PATH,
  type HostLayout,
  parseLdd,
  planRootfs,
  type RootfsEntry,
} from "./rootfs-plan.js";
import { runCommand } from "./run-command.js";

export const FINGERPRINT_LABEL = "io.microtickets.base.fingerprint";

/** The local base's name: the Node.js version it carries, as the official tags say it. */
export const localBaseTag = (nodeVersion: string): string =>
  `localhost/microtickets-node:${nodeVersion}`;

/** A program on PATH, symbolic links resolved (`sh` → /usr/bin/dash). */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return realpathSync(candidate);
  }
  return undefined;
}

/** npm's folder: the one running us (npm_execpath), else the npm on PATH. */
function findNpmRoot(): string {
  const cli = process.env.npm_execpath ?? which("npm");
  if (!cli)
    throw new SetupError("npm is not on PATH: the local base image carries the machine's npm");
  const root = dirname(dirname(realpathSync(cli)));
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name?: string;
  };
  if (manifest.name !== "npm") throw new SetupError(`${root} does not look like npm's folder`);
  return root;
}

async function librariesOf(programs: readonly string[]): Promise<string[]> {
  const all: string[] = [];
  for (const program of programs) {
    const ldd = await runCommand(["ldd", program]);
    // A static program makes ldd exit 1 ("not a dynamic executable"): it needs nothing.
    const { libraries, missing } = parseLdd(ldd.stdout);
    if (missing.length > 0) {
      throw new SetupError(`${program} needs libraries ldd cannot find: ${missing.join(", ")}`);
    }
    all.push(...libraries);
  }
  return all;
}

export async function readHostLayout(): Promise<HostLayout> {
  const node = realpathSync(process.execPath);
  const tools = BASE_TOOLS.map((name) => {
    const path = which(name);
    if (!path) throw new SetupError(`${name} is not on PATH: the local base image needs it`);
    return { name, path };
  });
  if (!existsSync(CA_BUNDLE_PATH)) {
    throw new SetupError(`no CA bundle at ${CA_BUNDLE_PATH}: npm in the build could not check TLS`);
  }
  const libraries = await librariesOf([node, ...tools.map((tool) => tool.path)]);
  return { node, npmRoot: findNpmRoot(), tools, libraries, caBundle: CA_BUNDLE_PATH };
}

/**
 * Changes when anything that goes in changes (the plan; each copied file's size and time, a
 * copied package's manifest: npm's version), and only then: reimporting makes a new image ID,
 * which would cost every layer cached on it.
 */
export function fingerprint(plan: readonly RootfsEntry[]): string {
  const hash = createHash("sha256").update(JSON.stringify(plan));
  for (const entry of plan) {
    if (entry.kind !== "copy") continue;
    const stat = statSync(entry.from);
    hash.update(`${entry.from}:${stat.size}:${stat.mtimeMs}`);
    const manifest = join(entry.from, "package.json");
    if (stat.isDirectory() && existsSync(manifest)) hash.update(readFileSync(manifest));
  }
  return hash.digest("hex").slice(0, 16);
}

function materialize(plan: readonly RootfsEntry[], root: string): void {
  for (const entry of plan) {
    const target = join(root, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    switch (entry.kind) {
      case "dir":
        mkdirSync(target, { recursive: true });
        chmodSync(target, entry.mode);
        break;
      case "copy": {
        if (statSync(entry.from).isFile()) {
          // A library is often a link to its versioned file: the image gets the file itself.
          cpSync(entry.from, target, { dereference: true });
          break;
        }
        const skipped = new Set((entry.skip ?? []).map((name) => join(entry.from, name)));
        cpSync(entry.from, target, {
          recursive: true,
          verbatimSymlinks: true,
          filter: (source) => !skipped.has(source),
        });
        break;
      }
      case "symlink":
        symlinkSync(entry.target, target);
        break;
      case "file":
        writeFileSync(target, entry.content, { mode: entry.mode });
        break;
    }
  }
}

/** The image config `FROM` gives every stage, as the official image sets it. */
export function importChanges(nodeVersion: string, print: string): string[] {
  return [
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    `ENV NODE_VERSION=${nodeVersion}`,
    // Node.js has its own CA list; npm in the build must trust what the machine trusts (a
    // proxy's CA, say), so the machine's bundle is added to it.
    `ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE_PATH}`,
    `LABEL ${FINGERPRINT_LABEL}=${print}`,
    'CMD ["node"]',
  ];
}

/**
 * The base the Dockerfiles build on when no registry is reachable: made from this machine's
 * Node.js, imported once and reused while nothing that goes in changes.
 */
export async function ensureLocalBaseImage(engine: Engine): Promise<string> {
  const nodeVersion = process.versions.node;
  const tag = localBaseTag(nodeVersion);
  const plan = planRootfs(await readHostLayout());
  const print = fingerprint(plan);
  const existing = await runCommand([engine.name, "image", "inspect", tag]);
  if (
    existing.code === 0 &&
    parseImageInspect(existing.stdout).labels[FINGERPRINT_LABEL] === print
  ) {
    return tag;
  }
  const work = mkdtempSync(join(tmpdir(), "microtickets-base-"));
  try {
    const root = join(work, "rootfs");
    mkdirSync(root);
    materialize(plan, root);
    const tarball = join(work, "rootfs.tar");
    const tar = await runCommand([
      "tar",
      "--numeric-owner",
      "--owner=0",
      "--group=0",
      "-C",
      root,
      "-cf",
      tarball,
      ".",
    ]);
    if (tar.code !== 0) throw new SetupError(`tar of the base image failed: ${tar.stderr.trim()}`);
    const changes = importChanges(nodeVersion, print).flatMap((change) => ["--change", change]);
    const imported = await runCommand([engine.name, "import", ...changes, tarball, tag]);
    if (imported.code !== 0) {
      throw new SetupError(`${engine.name} import failed: ${imported.stderr.trim()}`);
    }
    return tag;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
