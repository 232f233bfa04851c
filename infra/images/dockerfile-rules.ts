import { validate } from "dockerfile-utils";
import {
  execForm,
  finalStage,
  type ParsedDockerfile,
  parseDockerfile,
  stageLineage,
} from "./dockerfile-parse.js";

/** One thing every Dockerfile here must do, and why. */
export interface DockerfileRule {
  name: string;
  problems(dockerfile: ParsedDockerfile): string[];
}

const NUMERIC_USER = /^(\d+):(\d+)$/;
/** An exact release (20.20.2, maybe with a variant: -bookworm-slim) or a content digest. */
const PINNED_TAG = /:[^/@]*\d+\.\d+\.\d+[^/@]*$/;
const DIGEST = /@sha256:[0-9a-f]{64}$/;
/** What must never stand between the container runtime and node. */
const NOT_PID_ONE = new Set(["npm", "npx", "tsx", "yarn", "pnpm", "sh", "bash", "/bin/sh"]);

/**
 * Kubernetes can check runAsNonRoot only against a numeric user: a name would need the image's
 * /etc/passwd, which the kubelet does not read.
 */
export const numericFinalUser: DockerfileRule = {
  name: "numeric USER in the final stage",
  problems(dockerfile) {
    const user = finalStage(dockerfile)
      ?.instructions.filter((instruction) => instruction.keyword === "USER")
      .at(-1)?.args;
    if (!user) return ["the final stage has no USER: it would run as root"];
    const numeric = NUMERIC_USER.exec(user);
    if (!numeric) return [`USER ${user} is not numeric uid:gid`];
    return numeric[1] === "0" ? ["USER 0 is root"] : [];
  },
};

/** One ARG picks the base of every stage; its default is an exact version, never a moving tag. */
export const pinnedBaseImageArg: DockerfileRule = {
  name: "every stage FROM a pinned base image ARG",
  problems(dockerfile) {
    const stageNames = new Set(dockerfile.stages.map((stage) => stage.name));
    const problems: string[] = [];
    for (const stage of dockerfile.stages) {
      if (stageNames.has(stage.base)) continue;
      const arg = /^\$\{?(\w+)\}?$/.exec(stage.base)?.[1];
      if (!arg) {
        problems.push(`FROM ${stage.base}: the base must be a build ARG (FROM \${NODE_IMAGE})`);
        continue;
      }
      if (!dockerfile.globalArgs.has(arg)) {
        problems.push(`FROM ${stage.base}: ARG ${arg} is not declared before the first FROM`);
        continue;
      }
      const fallback = dockerfile.globalArgs.get(arg);
      if (!fallback || !(PINNED_TAG.test(fallback) || DIGEST.test(fallback))) {
        problems.push(
          `ARG ${arg}=${fallback ?? ""}: the default must be an exact version or a digest`,
        );
      }
    }
    return problems;
  },
};

/** node as PID 1 gets the SIGTERM; a shell or npm in between would swallow it or not wait. */
export const execFormNode: DockerfileRule = {
  name: "exec-form CMD/ENTRYPOINT running node",
  problems(dockerfile) {
    const stage = finalStage(dockerfile);
    const starts = stage?.instructions.filter(
      (instruction) => instruction.keyword === "CMD" || instruction.keyword === "ENTRYPOINT",
    );
    if (!starts || starts.length === 0) return ["the final stage has no CMD"];
    const problems: string[] = [];
    const argvs = starts.map((instruction) => {
      const argv = execForm(instruction.args);
      if (!argv)
        problems.push(`${instruction.keyword} ${instruction.args}: use the exec form ["node", …]`);
      return argv ?? [];
    });
    const entrypoint = starts.findLast((instruction) => instruction.keyword === "ENTRYPOINT");
    const program = (entrypoint ? execForm(entrypoint.args) : argvs.at(-1))?.[0];
    if (program !== undefined && !/(^|\/)node$/.test(program)) {
      problems.push(`the container starts ${program}, not node`);
    }
    for (const word of argvs.flat()) {
      if (NOT_PID_ONE.has(word)) problems.push(`${word} must not run in the container's command`);
    }
    return problems;
  },
};

/** `npm ci` installs exactly the lock file; `npm install` may rewrite it and drift. */
export const npmCiFromLockFile: DockerfileRule = {
  name: "npm ci from the lock file",
  problems(dockerfile) {
    const problems: string[] = [];
    let installs = 0;
    for (const stage of dockerfile.stages) {
      stage.instructions.forEach((instruction, index) => {
        if (instruction.keyword !== "RUN") return;
        if (/\bnpm\s+(install|i|add)\b/.test(instruction.args)) {
          problems.push(`line ${instruction.line}: npm install; use npm ci`);
        }
        if (!/\bnpm\s+ci\b/.test(instruction.args)) return;
        installs += 1;
        const earlier = stageLineage(dockerfile, stage).flatMap((member) =>
          member === stage ? member.instructions.slice(0, index) : member.instructions,
        );
        const lockCopied = earlier.some(
          (step) =>
            (step.keyword === "COPY" || step.keyword === "ADD") &&
            /\bpackage-lock\.json\b/.test(step.args),
        );
        if (!lockCopied)
          problems.push(`line ${instruction.line}: npm ci before package-lock.json is copied`);
      });
    }
    return installs === 0
      ? ["no npm ci: dependencies must come from the lock file", ...problems]
      : problems;
  },
};

/** The program's configuration and its dependencies' fast paths both read NODE_ENV. */
export const productionNodeEnv: DockerfileRule = {
  name: "NODE_ENV=production in the final stage",
  problems(dockerfile) {
    const envs =
      finalStage(dockerfile)?.instructions.filter((instruction) => instruction.keyword === "ENV") ??
      [];
    return envs.some((instruction) =>
      /(^|\s)NODE_ENV=("?)production\2(\s|$)/.test(instruction.args),
    )
      ? []
      : ["the final stage does not set ENV NODE_ENV=production"];
  },
};

export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  numericFinalUser,
  pinnedBaseImageArg,
  execFormNode,
  npmCiFromLockFile,
  productionNodeEnv,
];

export interface LintProblem {
  rule: string;
  message: string;
}

/** dockerfile-utils' validation (syntax, flags, instructions), then every rule above. */
export function lintDockerfile(content: string): LintProblem[] {
  const syntax = validate(content).map((diagnostic) => ({
    rule: "dockerfile-utils",
    message: `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`,
  }));
  const parsed = parseDockerfile(content);
  const ours = DOCKERFILE_RULES.flatMap((rule) =>
    rule.problems(parsed).map((message) => ({ rule: rule.name, message })),
  );
  return [...syntax, ...ours];
}

/** What a build context must leave out: installs and builds (rebuilt inside), history, local data. */
const MUST_IGNORE = [
  { name: "node_modules", anyDepth: true },
  { name: ".git", anyDepth: false },
  { name: ".data", anyDepth: false },
];

/** Whether .dockerignore leaves out each of those (at any depth where workspaces have one). */
export function dockerignoreProblems(content: string): string[] {
  const patterns = content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const normalized = patterns.map((pattern) => pattern.replace(/^\/+|\/+$/g, ""));
  return MUST_IGNORE.flatMap(({ name, anyDepth }) => {
    const excluded = normalized.some(
      (pattern) => pattern === `**/${name}` || (!anyDepth && pattern === name),
    );
    const reincluded = normalized.some(
      (pattern) => pattern.startsWith("!") && pattern.includes(name),
    );
    const where = anyDepth ? ` at every depth (**/${name})` : "";
    if (!excluded) return [`${name} is not excluded${where}`];
    return reincluded ? [`${name} is excluded, then let back in by a ! pattern`] : [];
  });
}
