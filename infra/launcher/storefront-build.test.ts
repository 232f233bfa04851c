import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { SetupError } from "@microtickets/dev-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildStorefrontIfStale, type StorefrontBuildOptions } from "./storefront-build.js";

// `next build` in miniature: counts its runs, writes a standalone server and browser files.
const BUILD = `
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
appendFileSync("../builds.log", "built\\n");
if (process.env.BUSY_ONCE && readFileSync("../builds.log", "utf8").split("\\n").length === 2) {
  console.error("⨯ Another next build process is already running.");
  process.exit(1);
}
if (process.env.FAIL_BUILD) { console.error("Type error: price is not a number"); process.exit(1); }
rmSync(".next", { recursive: true, force: true }); // as next build empties it first
mkdirSync(".next/standalone/client", { recursive: true });
writeFileSync(".next/standalone/client/server.js", "// serves " + readFileSync("src/page.tsx"));
mkdirSync(".next/static/chunks", { recursive: true });
writeFileSync(".next/static/chunks/app.js", "// a chunk");
`;

describe("the storefront's build", () => {
  let root: string;
  let clientDir: string;
  const lines: string[] = [];

  const options = (overrides: Partial<StorefrontBuildOptions> = {}): StorefrontBuildOptions => ({
    clientDir,
    root,
    inputs: ["client/src", "client/public", "client/package.json"],
    lockFile: join(root, "build.lock"),
    snapshotsDir: join(root, "snapshots"),
    logFile: join(root, "build.log"),
    log: (line) => lines.push(line),
    buildArgs: [join(root, "build.mjs")],
    ...overrides,
  });
  const builds = async () =>
    (await readFile(join(root, "builds.log"), "utf8").catch(() => "")).split("\n").filter(Boolean)
      .length;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "microtickets-build-"));
    clientDir = join(root, "client");
    await mkdir(join(clientDir, "src"), { recursive: true });
    await writeFile(join(clientDir, "src", "page.tsx"), "export default 1;");
    await writeFile(join(clientDir, "package.json"), "{}");
    await writeFile(join(root, "build.mjs"), BUILD);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("builds when there is no build, with the browser's files copied into standalone", async () => {
    const build = await buildStorefrontIfStale(options());

    expect(build.builtInMs).toBeGreaterThanOrEqual(0);
    expect(build.serverScript).toMatch(
      new RegExp(`^${root}/snapshots/[0-9a-f]{16}/client/server\\.js$`),
    );
    expect(existsSync(join(dirname(build.serverScript), ".next/static/chunks/app.js"))).toBe(true);
    expect(await builds()).toBe(1);
  });

  it("reuses the build while the sources are unchanged, and rebuilds once one changes", async () => {
    await buildStorefrontIfStale(options());

    const warm = await buildStorefrontIfStale(options());
    expect(warm.builtInMs).toBeUndefined();
    expect(await builds()).toBe(1);

    await writeFile(join(clientDir, "src", "page.tsx"), "export default 2;");
    const rebuilt = await buildStorefrontIfStale(options());
    expect(rebuilt.builtInMs).toBeDefined();
    expect(await builds()).toBe(2);
  });

  it("copies public/ too, when there is one, and counts it as a source", async () => {
    await buildStorefrontIfStale(options());
    await mkdir(join(clientDir, "public"));
    await writeFile(join(clientDir, "public", "logo.svg"), "<svg/>");

    const build = await buildStorefrontIfStale(options());

    expect(await builds()).toBe(2);
    expect(existsSync(join(dirname(build.serverScript), "public/logo.svg"))).toBe(true);
  });

  it("keeps the snapshot a server runs when a rebuild replaces .next", async () => {
    const first = await buildStorefrontIfStale(options());
    await writeFile(join(clientDir, "src", "page.tsx"), "export default 2;");

    const second = await buildStorefrontIfStale(options());

    expect(second.serverScript).not.toBe(first.serverScript);
    expect(await readFile(first.serverScript, "utf8")).toBe("// serves export default 1;");
    expect(await readFile(second.serverScript, "utf8")).toBe("// serves export default 2;");
    expect(existsSync(join(dirname(first.serverScript), ".next/static/chunks/app.js"))).toBe(true);
  });

  it("builds once for callers that ask at the same time: the others wait and reuse it", async () => {
    const results = await Promise.all([1, 2, 3].map(() => buildStorefrontIfStale(options())));

    expect(await builds()).toBe(1);
    expect(results.filter((build) => build.builtInMs !== undefined)).toHaveLength(1);
    expect(existsSync(join(root, "build.lock"))).toBe(false);
  });

  it("fails with the build log's last lines, and builds again next time", async () => {
    const failing = options({ env: { ...process.env, FAIL_BUILD: "1" } });

    const first = buildStorefrontIfStale(failing);
    await expect(first).rejects.toThrow(SetupError);
    await expect(first).rejects.toThrow("Type error: price is not a number");
    await buildStorefrontIfStale(options());

    expect(await builds()).toBe(2);
    expect(existsSync(join(root, "build.lock"))).toBe(false);
  });

  it("waits for a build someone runs by hand (next build's own lock), then builds", async () => {
    const build = await buildStorefrontIfStale(
      options({ env: { ...process.env, BUSY_ONCE: "1" } }),
    );

    expect(build.builtInMs).toBeDefined();
    expect(await builds()).toBe(2);
    expect(lines.some((line) => line.includes("another `next build`"))).toBe(true);
  });

  it("refuses a stale build without building when only reuse is allowed (npm test built it)", async () => {
    await expect(buildStorefrontIfStale(options({ reuseOnly: true }))).rejects.toThrow(
      /older than its sources/,
    );
    expect(await builds()).toBe(0);
  });

  it("snapshots a current build it may not rebuild", async () => {
    await buildStorefrontIfStale(options());
    await rm(join(root, "snapshots"), { recursive: true });

    const build = await buildStorefrontIfStale(options({ reuseOnly: true }));

    expect(existsSync(build.serverScript)).toBe(true);
    expect(await builds()).toBe(1);
  });
});
