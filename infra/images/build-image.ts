import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCommand, type Engine } from "./engine.js";
import { dockerfilePath, type ImageSpec, localTag } from "./images.js";
import { type ImageFacts, parseImageInspect } from "./inspect.js";
import { runCommand } from "./run-command.js";

export interface BuiltImage {
  tag: string;
  seconds: number;
  /** Undefined when the build failed. */
  facts?: ImageFacts;
  logFile: string;
  /** Why it did not build: the end of its log. */
  error?: string;
}

const LOG_TAIL_LINES = 40;

export async function inspectImage(engine: Engine, tag: string): Promise<ImageFacts | undefined> {
  const inspected = await runCommand([engine.name, "image", "inspect", tag]);
  return inspected.code === 0 ? parseImageInspect(inspected.stdout) : undefined;
}

/** Builds one image from the repository root; its whole output goes to `<logDir>/<name>.log`. */
export async function buildImage(
  engine: Engine,
  image: ImageSpec,
  baseImage: string,
  repoRoot: string,
  logDir: string,
): Promise<BuiltImage> {
  const tag = localTag(image);
  const logFile = join(logDir, `${image.name}.log`);
  const command = buildCommand(engine, {
    dockerfile: dockerfilePath(image),
    tag,
    baseImage,
    context: ".",
  });
  writeFileSync(logFile, `$ ${command.join(" ")}\n`);
  const started = performance.now();
  const build = await runCommand(command, { cwd: repoRoot, logFile });
  const seconds = (performance.now() - started) / 1000;
  if (build.code !== 0) {
    const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-LOG_TAIL_LINES);
    return { tag, seconds, logFile, error: `build exited ${build.code}:\n${tail.join("\n")}` };
  }
  const facts = await inspectImage(engine, tag);
  if (!facts)
    return { tag, seconds, logFile, error: `built, but ${engine.name} cannot inspect ${tag}` };
  return { tag, seconds, logFile, facts };
}
