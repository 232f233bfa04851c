// `npm run images [-- <name>…]`: builds every image (or those named) with podman or docker,
// one at a time (two cores build one well, two badly), smoke-starts each, starts each service
// for real against the shared servers (live-start.ts), and ends with a table of sizes, build
// times and what each start showed. Exits 1 if anything failed.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SetupError } from "@microtickets/dev-servers";
import { checkoutDataDir, repoRoot } from "../launcher/paths.js";
import { chooseBaseImage } from "./base-choice.js";
import { buildImage, inspectImage } from "./build-image.js";
import { removeLeftoverContainers, workingContainers } from "./container-run.js";
import { ensureEngine } from "./engine.js";
import { IMAGES, type ImageSpec } from "./images.js";
import { LIVE_START_LIMITS, type LiveStartRun, liveStart } from "./live-start.js";
import { newRunId, newSessionKeys, sharedServers } from "./live-start-env.js";
import { formatTable, megabytes, type ReportRow } from "./report.js";
import { stopRunningCommands } from "./run-command.js";
import { smokeImage } from "./smoke.js";

function selectImages(names: readonly string[]): ImageSpec[] {
  if (names.length === 0) return [...IMAGES];
  const unknown = names.filter((name) => !IMAGES.some((image) => image.name === name));
  if (unknown.length > 0) {
    const known = IMAGES.map((image) => image.name).join(", ");
    throw new SetupError(`no image named ${unknown.join(", ")} (there are: ${known})`);
  }
  return IMAGES.filter((image) => names.includes(image.name));
}

/** Set by SIGINT/SIGTERM: what runs is stopped, nothing new starts, what it left is removed. */
let interruptedBy: NodeJS.Signals | undefined;
const EXIT_CODE_OF: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

async function main(): Promise<number> {
  const images = selectImages(process.argv.slice(2));
  const engine = await ensureEngine();
  await removeLeftoverContainers(engine);
  const containersBefore = await workingContainers(engine);
  const base = await chooseBaseImage(engine, process.env);
  const baseSize = (await inspectImage(engine, base.image))?.size;
  const sized = baseSize === undefined ? "" : `, ${megabytes(baseSize)}`;
  console.log(
    `${engine.name} (smoke runs: ${engine.runner}); base ${base.image} (${base.origin}${sized})`,
  );

  const logDir = join(checkoutDataDir, "images");
  mkdirSync(logDir, { recursive: true });
  const live: Omit<LiveStartRun, "logFile"> = {
    runId: newRunId(),
    servers: sharedServers(),
    keys: newSessionKeys(),
  };
  const rows: ReportRow[] = [];
  const failures: string[] = [];
  const startLive = async (image: ImageSpec, tag: string, command: readonly string[]) => {
    const logFile = join(logDir, `${image.name}.live.log`);
    const seconds = LIVE_START_LIMITS.readyDeadlineMs / 1000;
    console.log(`  live start: /readyz 200 within ${seconds} s, then SIGTERM (log: ${logFile})`);
    const verdict = await liveStart(engine, image, tag, command, { ...live, logFile });
    console.log(`  ${verdict.summary}${verdict.problems.length === 0 ? "" : " FAILED"}`);
    return verdict;
  };
  for (const image of images) {
    if (interruptedBy) break;
    console.log(`▶ ${image.name}: building (log: ${join(logDir, `${image.name}.log`)})`);
    const built = await buildImage(engine, image, base.image, repoRoot, logDir);
    if (!built.facts) {
      failures.push(`${image.name}: ${built.error}`);
      rows.push({ image: image.name, buildSeconds: built.seconds, smoke: "not built", ok: false });
      continue;
    }
    if (interruptedBy) break;
    const verdict = await smokeImage(engine, image, built.tag, built.facts);
    const problems = [...verdict.problems];
    console.log(
      `  ${megabytes(built.facts.size)} in ${built.seconds.toFixed(1)} s; ${verdict.summary}${problems.length === 0 ? "" : " FAILED"}`,
    );
    const started =
      image.liveStart && !interruptedBy
        ? await startLive(image, built.tag, built.facts.command)
        : undefined;
    problems.push(...(started?.problems ?? []));
    const ok = problems.length === 0;
    if (!ok) failures.push(`${image.name}:\n  ${problems.join("\n  ")}`);
    rows.push({
      image: built.tag,
      size: built.facts.size,
      ownSize: baseSize === undefined ? undefined : built.facts.size - baseSize,
      buildSeconds: built.seconds,
      smoke: verdict.summary,
      liveStart: started?.summary,
      ok,
    });
  }

  if (interruptedBy) {
    await removeLeftoverContainers(engine, containersBefore);
    console.error(`\ninterrupted (${interruptedBy}); the layers built so far stay cached`);
    return EXIT_CODE_OF[interruptedBy] ?? 1;
  }
  console.log(`\n${formatTable(rows)}`);
  if (failures.length === 0) return 0;
  console.error(`\n${failures.length} image(s) failed:\n${failures.join("\n")}`);
  return 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interruptedBy = signal;
    stopRunningCommands();
  });
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
