import { runInContainer } from "./container-run.js";
import type { Engine } from "./engine.js";
import type { ImageSpec, SmokeCheck } from "./images.js";
import type { ImageFacts } from "./inspect.js";
import { FIND_PACKAGES_PROBE, HEALTHZ_PROBE } from "./probes.js";
import { APP_UID } from "./rootfs-plan.js";
import type { CommandResult } from "./run-command.js";

export interface Verdict {
  /** One short phrase for the table: what it did. */
  summary: string;
  /** Empty when it passed. */
  problems: string[];
}

const RUN_TIMEOUT_MS = 60_000;

/** The workspace's folder; the storefront runs from the root of Next's standalone output. */
export const expectedWorkdir = (image: ImageSpec): string =>
  image.name === "client" ? "/app" : `/app/${image.workspace}`;

/** What the image's config must say, whatever its Dockerfile looks like. */
export function configProblems(image: ImageSpec, facts: ImageFacts): string[] {
  const problems: string[] = [];
  const user = `${APP_UID}:${APP_UID}`;
  if (facts.user !== user) problems.push(`runs as "${facts.user}", not ${user}`);
  if (facts.command[0] !== "node") {
    problems.push(`its command is ${JSON.stringify(facts.command)}: node must be PID 1`);
  }
  if (facts.env.NODE_ENV !== "production") problems.push("NODE_ENV is not production");
  if (!facts.exposedPorts.includes(`${image.port}/tcp`))
    problems.push(`does not expose ${image.port}`);
  if (facts.workingDir !== expectedWorkdir(image)) {
    problems.push(`works in ${facts.workingDir}, not ${expectedWorkdir(image)}`);
  }
  return problems;
}

const outputLines = (result: CommandResult): string[] =>
  `${result.stdout}\n${result.stderr}`
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** The first NAME_LIKE_THIS a configuration error names. */
const namedVariable = (line: string): string | undefined =>
  /configuration: .*?\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/.exec(line)?.[1];

export function judgeRefusal(
  expectation: Extract<SmokeCheck, { kind: "refuses-empty-config" }>,
  result: CommandResult,
): Verdict {
  const lines = outputLines(result);
  const refusal = lines.find((line) => expectation.line.test(line));
  const problems: string[] = [];
  if (result.code !== 1) problems.push(`exited ${result.code}, not 1`);
  if (!refusal) problems.push(`no line matching ${expectation.line}`);
  if (expectation.onlyLine && lines.length !== 1)
    problems.push(`printed ${lines.length} lines, not one`);
  if (problems.length > 0) problems.push(`it printed:\n${lines.slice(-20).join("\n")}`);
  const variable = refusal ? namedVariable(refusal) : undefined;
  return { summary: `exit ${result.code}, names ${variable ?? "nothing"}`, problems };
}

interface HealthzReport {
  status?: number;
  body?: string;
  exit?: number | string;
  error?: string;
}

export function judgeHealthz(
  expectation: Extract<SmokeCheck, { kind: "answers-healthz" }>,
  result: CommandResult,
): Verdict {
  const last = result.stdout.trim().split("\n").pop() ?? "";
  let report: HealthzReport;
  try {
    report = JSON.parse(last) as HealthzReport;
  } catch {
    return {
      summary: "no report",
      problems: [
        `the probe printed no report (exit ${result.code}):\n${result.stdout}${result.stderr}`,
      ],
    };
  }
  const problems: string[] = [];
  if (report.error) problems.push(report.error);
  if (report.status !== 200) problems.push(`/healthz answered ${report.status ?? "nothing"}`);
  const clean = expectation.exitAfterSigterm;
  if (report.exit !== clean) problems.push(`after SIGTERM it exited ${report.exit}, not ${clean}`);
  if (problems.length > 0 && result.stderr.trim())
    problems.push(`it printed:\n${result.stderr.trim()}`);
  return {
    summary: `/healthz ${report.status ?? "-"}, SIGTERM exit ${report.exit ?? "-"}`,
    problems,
  };
}

export function judgeContents(image: ImageSpec, result: CommandResult): string[] {
  if (result.code !== 0) return [`could not list its packages: ${result.stderr.trim()}`];
  const found = JSON.parse(result.stdout.trim().split("\n").pop() ?? "[]") as string[];
  return found.map((path) => `holds ${path}, which ${image.name} never runs`);
}

/**
 * Starts the image's own command (with nothing configured, or with what a check gives it), and
 * checks its config and what is installed in it: the image is then known to start the right
 * program, as the right user, with nothing in it that only builds or tests.
 */
export async function smokeImage(
  engine: Engine,
  image: ImageSpec,
  tag: string,
  facts: ImageFacts,
): Promise<Verdict> {
  const problems = configProblems(image, facts);
  const contents = await runInContainer(engine, {
    image: tag,
    command: ["node", "-e", FIND_PACKAGES_PROBE, "--", "/app", ...image.mustNotContain],
    timeoutMs: RUN_TIMEOUT_MS,
  });
  problems.push(...judgeContents(image, contents));
  const summaries: string[] = [];
  for (const check of image.smoke) {
    const verdict = await startCheck(engine, check, tag, facts.command);
    summaries.push(verdict.summary);
    problems.push(...verdict.problems);
  }
  return { summary: summaries.join("; "), problems };
}

async function startCheck(
  engine: Engine,
  check: SmokeCheck,
  tag: string,
  command: string[],
): Promise<Verdict> {
  if (check.kind === "answers-healthz") {
    const probe = ["node", "-e", HEALTHZ_PROBE, "--", ...command];
    const run = { image: tag, command: probe, env: check.env, timeoutMs: RUN_TIMEOUT_MS };
    return judgeHealthz(check, await runInContainer(engine, run));
  }
  return judgeRefusal(
    check,
    await runInContainer(engine, { image: tag, command, timeoutMs: RUN_TIMEOUT_MS }),
  );
}
