import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { isRunning, SetupError } from "@microtickets/dev-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "./paths.js";
import {
  BUILT_ENTRY,
  buildServicesIfStale,
  type ServiceBuildOptions,
  serviceBuildStages,
} from "./service-build.js";
import { nodeArguments, SERVICES } from "./services.js";

// A workspace's `tsc -p tsconfig.build.json && cp -r src/migrations dist/` in miniature: it
// records its run, then "compiles" src/*.ts to dist/*.js and copies the migrations.
const BUILD = `
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
const name = basename(process.cwd());
appendFileSync("../builds.log", name + "\\n");
if (process.env.FAIL_BUILD === name) {
  console.error("src/index.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
  process.exit(2);
}
if (process.env.SLOW_BUILD === name) {
  writeFileSync("../slow.pid", String(process.pid));
  setTimeout(() => {}, 60_000);
} else {
  mkdirSync("dist", { recursive: true });
  for (const file of readdirSync("src")) {
    if (file.endsWith(".ts") && !file.endsWith(".test.ts")) {
      writeFileSync("dist/" + file.replace(/\\.ts$/, ".js"), readFileSync("src/" + file));
    }
  }
  if (existsSync("src/migrations")) cpSync("src/migrations", "dist/migrations", { recursive: true });
}
`;

// Every test runs `npm run build` in up to six workspaces, each an npm start of a second or more
// when the fuzz files fill both cores: minutes of CPU shared, so more than the default 20 s.
describe("the backend services' build", { timeout: 60_000 }, () => {
  let root: string;
  const lines: string[] = [];

  const options = (overrides: Partial<ServiceBuildOptions> = {}): ServiceBuildOptions => ({
    root,
    stages: [["common"], ["orders", "tickets"]],
    sharedInputs: ["tsconfig.base.json", "package-lock.json"],
    lockFile: join(root, "build.lock"),
    logDir: join(root, "logs"),
    log: (line) => lines.push(line),
    ...overrides,
  });
  /** Which workspaces' builds ran, in the order they began. */
  const builds = async () =>
    (await readFile(join(root, "builds.log"), "utf8").catch(() => "")).split("\n").filter(Boolean);
  const write = async (path: string, content: string) => {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  };
  const read = (path: string) => readFile(join(root, path), "utf8");

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "microtickets-service-build-"));
    lines.length = 0;
    await writeFile(join(root, "build.mjs"), BUILD);
    await write("tsconfig.base.json", "{}");
    await write("package-lock.json", "{}");
    for (const dir of ["common", "orders", "tickets"]) {
      await write(
        `${dir}/package.json`,
        JSON.stringify({ name: dir, type: "module", scripts: { build: "node ../build.mjs" } }),
      );
      await write(`${dir}/tsconfig.build.json`, "{}");
      await write(`${dir}/src/index.ts`, `export const ${dir} = 1;`);
    }
    await write("orders/src/migrations/001_orders.sql", "CREATE TABLE orders ();");
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("builds every workspace when there is no dist yet, common before the services", async () => {
    const build = await buildServicesIfStale(options());

    expect(build.built).toEqual(["common", "orders", "tickets"]);
    expect(build.builtInMs).toBeGreaterThanOrEqual(0);
    expect((await builds())[0]).toBe("common");
    expect(await read(`orders/${BUILT_ENTRY}`)).toBe("export const orders = 1;");
    expect(await read("orders/dist/migrations/001_orders.sql")).toBe("CREATE TABLE orders ();");
  });

  it("runs no build at all while the sources are unchanged", async () => {
    await buildServicesIfStale(options());

    const warm = await buildServicesIfStale(options());

    expect(warm).toEqual({ built: [] });
    expect(await builds()).toHaveLength(3);
    expect(existsSync(join(root, "build.lock"))).toBe(false);
  });

  it("rebuilds only the service whose source file changed", async () => {
    await buildServicesIfStale(options());
    await write("orders/src/index.ts", "export const orders = 2;");

    const build = await buildServicesIfStale(options());

    expect(build.built).toEqual(["orders"]);
    expect(await read(`orders/${BUILT_ENTRY}`)).toBe("export const orders = 2;");
    expect(await builds()).toHaveLength(4);
  });

  it("rebuilds the services too when common changes, since they are compiled against it", async () => {
    await buildServicesIfStale(options());
    await write("common/src/index.ts", "export const common = 2;");

    expect((await buildServicesIfStale(options())).built).toEqual(["common", "orders", "tickets"]);
  });

  it.each([
    ["a new migration", "orders/src/migrations/002_index.sql", ["orders"]],
    ["the package.json (its build script)", "orders/package.json", ["orders"]],
    ["its tsconfig.build.json", "tickets/tsconfig.build.json", ["tickets"]],
    ["the base tsconfig", "tsconfig.base.json", ["common", "orders", "tickets"]],
    ["the lock file (a TypeScript upgrade)", "package-lock.json", ["common", "orders", "tickets"]],
  ])("counts %s as a source", async (_, path, rebuilt) => {
    await buildServicesIfStale(options());
    await appendFile(join(root, path), "\n");

    expect((await buildServicesIfStale(options())).built).toEqual(rebuilt);
  });

  it("does not count test files, which no build compiles", async () => {
    await buildServicesIfStale(options());
    await write("orders/src/index.test.ts", "it('works', () => {});");

    expect((await buildServicesIfStale(options())).built).toEqual([]);
  });

  it("builds a workspace again when its dist is gone, its sources unchanged", async () => {
    await buildServicesIfStale(options());
    await rm(join(root, "tickets", "dist"), { recursive: true });

    expect((await buildServicesIfStale(options())).built).toEqual(["tickets"]);
    expect(existsSync(join(root, "tickets", BUILT_ENTRY))).toBe(true);
  });

  it("empties dist before a rebuild: a migration deleted from src is not left behind", async () => {
    await buildServicesIfStale(options());
    await rm(join(root, "orders/src/migrations/001_orders.sql"));
    await write("orders/src/migrations/001_orders_renamed.sql", "CREATE TABLE orders ();");

    await buildServicesIfStale(options());

    expect(existsSync(join(root, "orders/dist/migrations/001_orders.sql"))).toBe(false);
    expect(existsSync(join(root, "orders/dist/migrations/001_orders_renamed.sql"))).toBe(true);
  });

  it("builds once for launchers that ask at the same time: the others wait and reuse it", async () => {
    const results = await Promise.all([1, 2, 3].map(() => buildServicesIfStale(options())));

    expect(await builds()).toHaveLength(3);
    expect(results.filter((build) => build.built.length > 0)).toHaveLength(1);
    expect(results.filter((build) => build.waitedFor === process.pid)).toHaveLength(2);
    expect(lines).toContain(`… the services are being built by pid ${process.pid}: waiting for it`);
    expect(existsSync(join(root, "build.lock"))).toBe(false);
  });

  it("builds once for two launcher processes started at once", async () => {
    const launcher = join(root, "launcher.mts");
    await writeFile(
      launcher,
      [
        `import { buildServicesIfStale } from ${JSON.stringify(fileURLToPath(new URL("./service-build.ts", import.meta.url)))};`,
        `const build = await buildServicesIfStale({ ...${JSON.stringify(options())}, log: () => {} });`,
        "console.log(JSON.stringify(build.built));",
      ].join("\n"),
    );
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--conditions=source", "--import", "tsx", launcher],
          { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
        );
        let output = "";
        child.stdout.on("data", (chunk) => {
          output += chunk;
        });
        child.on("exit", (code) =>
          code === 0 ? resolve(output.trim()) : reject(new Error(`exit code ${code}`)),
        );
      });

    const outputs = await Promise.all([run(), run()]);

    // One built everything; the other waited for it, then found nothing left to build.
    expect(outputs.sort()).toEqual([JSON.stringify(["common", "orders", "tickets"]), "[]"]);
    expect(await builds()).toHaveLength(3);
    expect(await read(`orders/${BUILT_ENTRY}`)).toBe("export const orders = 1;");
  }, 30_000);

  it("fails naming the workspace, with its log's last lines, and builds it again next time", async () => {
    const failing = buildServicesIfStale(
      options({ env: { ...process.env, FAIL_BUILD: "orders" } }),
    );

    await expect(failing).rejects.toThrow(SetupError);
    await expect(failing).rejects.toThrow(/^The orders build failed \(exit code \d+\)/);
    await expect(failing).rejects.toThrow("logs/orders-build.log");
    await expect(failing).rejects.toThrow("error TS2322");
    expect(existsSync(join(root, "build.lock"))).toBe(false);

    expect((await buildServicesIfStale(options())).built).toEqual(["orders"]);
  });

  it("builds no service when common's build fails", async () => {
    const failing = buildServicesIfStale(
      options({ env: { ...process.env, FAIL_BUILD: "common" } }),
    );

    await expect(failing).rejects.toThrow(/^The common build failed/);
    expect(await builds()).toEqual(["common"]);
  });

  it("stops a build in progress when aborted (Ctrl-C), and builds it again next time", async () => {
    const aborting = new AbortController();
    const building = buildServicesIfStale(
      // One at a time: orders is built when tickets' build is stopped.
      options({
        env: { ...process.env, SLOW_BUILD: "tickets" },
        signal: aborting.signal,
        concurrency: 1,
      }),
    );
    const pidFile = join(root, "slow.pid");
    while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 20));
    const pid = Number(await readFile(pidFile, "utf8"));

    aborting.abort();

    await expect(building).rejects.toThrow(/abort/i);
    expect(isRunning(pid)).toBe(false);
    expect((await buildServicesIfStale(options())).built).toEqual(["tickets"]);
  });

  it("runs the workspace's own build script: tsc, then the migrations copied", async () => {
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    await write(
      "orders/package.json",
      JSON.stringify({
        name: "orders",
        type: "module",
        scripts: { build: `node ${tsc} -p tsconfig.build.json && cp -r src/migrations dist/` },
      }),
    );
    await write(
      "orders/tsconfig.build.json",
      JSON.stringify({
        compilerOptions: { module: "NodeNext", target: "ES2023", outDir: "dist", rootDir: "src" },
        include: ["src/**/*.ts"],
        exclude: ["src/**/*.test.ts"],
      }),
    );
    await write("orders/src/index.ts", "export const price: number = 30;");
    const tscRuns = async () =>
      (await read("logs/orders-build.log")).split("\n").filter((line) => line.startsWith("---"))
        .length;

    await buildServicesIfStale(options());
    await buildServicesIfStale(options());
    expect(await tscRuns()).toBe(1);
    expect(await read(`orders/${BUILT_ENTRY}`)).toContain("export const price = 30;");
    expect(existsSync(join(root, "orders/dist/migrations/001_orders.sql"))).toBe(true);

    await write("orders/src/index.ts", "export const price: number = 'thirty';");
    await expect(buildServicesIfStale(options())).rejects.toThrow(
      /The orders build failed[\s\S]*TS2322/,
    );
    expect(await tscRuns()).toBe(2);
    // Three runs of tsc: about 10 s alone, three times that beside the fuzz files on two cores.
  }, 90_000);
});

describe("what npm start builds and runs for a backend service", () => {
  it("runs its build with plain node: no TypeScript loader, no source condition", () => {
    const orders = SERVICES.find((entry) => entry.name === "orders");

    expect(orders && nodeArguments(orders)).toEqual(["orders/dist/index.js"]);
  });

  it("builds every workspace a service imports at run time before the service itself", async () => {
    const stages = serviceBuildStages(SERVICES);
    const stageOf = (dir: string) => stages.findIndex((stage) => stage.includes(dir));

    for (const entry of SERVICES.filter((service) => service.kind !== "storefront")) {
      const manifest = JSON.parse(
        await readFile(join(repoRoot, entry.dir, "package.json"), "utf8"),
      );
      const ours = Object.keys(manifest.dependencies ?? {}).filter((name) =>
        name.startsWith("@microtickets/"),
      );
      expect(stageOf(entry.dir)).toBeGreaterThan(0);
      for (const name of ours) {
        const dir = relative(repoRoot, await realpath(join(repoRoot, "node_modules", name)));
        expect(stageOf(dir), `${entry.name} needs ${dir}`).toBeGreaterThanOrEqual(0);
        expect(stageOf(dir), `${entry.name} needs ${dir}`).toBeLessThan(stageOf(entry.dir));
      }
    }
    expect(stages.flat()).not.toContain("client");
  });
});
