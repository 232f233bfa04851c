import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEPLOYABLES } from "../k8s/deployables.js";
import { finalStage, parseDockerfile } from "./dockerfile-parse.js";
import {
  dockerignoreProblems,
  execFormNode,
  lintDockerfile,
  npmCiFromLockFile,
  numericFinalUser,
  pinnedBaseImageArg,
  productionNodeEnv,
} from "./dockerfile-rules.js";
import { IMAGES } from "./images.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const dockerfiles = readdirSync(here).filter((file) => file.endsWith(".Dockerfile"));
const read = (file: string) => readFileSync(`${here}${file}`, "utf8");
const parsed = (file: string) => parseDockerfile(read(file));

describe("the Dockerfiles in infra/images", () => {
  it("are one per deployable, each named for it, and npm run images builds them all", () => {
    const deployables = DEPLOYABLES.map((entry) => entry.name);
    const names = dockerfiles.map((file) => file.replace(/\.Dockerfile$/, ""));
    expect(names.sort()).toEqual([...deployables].sort());
    expect(IMAGES.map((image) => image.name)).toEqual(deployables);
  });

  it.each(dockerfiles)("%s passes dockerfile-utils and every rule of ours", (file) => {
    expect(lintDockerfile(read(file))).toEqual([]);
  });

  it.each(IMAGES.map((image) => [image.name, image.port] as const))(
    "%s runs as 10001:10001 and exposes its port (%i)",
    (name, port) => {
      const instructions = finalStage(parsed(`${name}.Dockerfile`))?.instructions ?? [];
      const argsOf = (keyword: string) =>
        instructions
          .filter((instruction) => instruction.keyword === keyword)
          .map((instruction) => instruction.args);
      expect(argsOf("USER")).toEqual(["10001:10001"]);
      expect(argsOf("EXPOSE")).toEqual([String(port)]);
    },
  );

  it("default to node:20.20.2-bookworm-slim as their base", () => {
    for (const file of dockerfiles) {
      expect(parsed(file).globalArgs.get("NODE_IMAGE"), file).toBe("node:20.20.2-bookworm-slim");
    }
  });

  // Layers are reused only where every instruction up to them is the same: then the full
  // install is built once for all seven images, and a source edit does not redo it.
  it("install the dependencies in the same stage, instruction for instruction, before any source is copied", () => {
    const installStages = dockerfiles.map((file) => {
      const stage = parsed(file).stages[0];
      return {
        name: stage?.name,
        base: stage?.base,
        steps: stage?.instructions.map(({ keyword, args }) => `${keyword} ${args}`),
      };
    });
    for (const stage of installStages) expect(stage).toEqual(installStages[0]);
    const copied = installStages[0]?.steps?.filter((step) => step.startsWith("COPY")) ?? [];
    for (const step of copied)
      expect(step).toMatch(/^COPY (\S+\/)?package(-lock)?\.json( package-lock\.json)? \S+$/);
  });
});

describe(".dockerignore", () => {
  it("leaves node_modules out at every depth, and .git and .data", () => {
    expect(dockerignoreProblems(readFileSync(`${repoRoot}.dockerignore`, "utf8"))).toEqual([]);
  });

  it("is found wanting when it misses one, excludes node_modules only at the root, or lets one back in", () => {
    expect(dockerignoreProblems("**/node_modules\n.git\n")).toEqual([".data is not excluded"]);
    expect(dockerignoreProblems("node_modules\n.git\n.data\n")).toEqual([
      "node_modules is not excluded at every depth (**/node_modules)",
    ]);
    expect(dockerignoreProblems("**/node_modules\n.git\n.data\n!.data/keep\n")).toEqual([
      ".data is excluded, then let back in by a ! pattern",
    ]);
  });
});

/** A small Dockerfile that keeps every rule; each case below breaks one thing in it. */
const GOOD = `ARG NODE_IMAGE=node:20.20.2-bookworm-slim
FROM \${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
FROM dependencies AS build
COPY src/ src/
RUN npm run build
FROM \${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/dist /app/dist
USER 10001:10001
EXPOSE 4001
CMD ["node", "dist/index.js"]
`;
const broken = (from: string, to: string) => {
  if (!GOOD.includes(from)) throw new Error(`the fixture has no ${from}`);
  return parseDockerfile(GOOD.replace(from, to));
};

describe("the rules, each on a Dockerfile that breaks it", () => {
  it("pass the good fixture, which dockerfile-utils finds valid too", () => {
    expect(lintDockerfile(GOOD)).toEqual([]);
  });

  it("numeric USER: a name, root, or no USER at all in the final stage fails", () => {
    expect(numericFinalUser.problems(broken("USER 10001:10001", "USER node"))).toEqual([
      "USER node is not numeric uid:gid",
    ]);
    expect(numericFinalUser.problems(broken("USER 10001:10001", "USER 0:0"))).toEqual([
      "USER 0 is root",
    ]);
    // A USER in a build stage does not make the image's user.
    const onlyInTheBuild = GOOD.replace("USER 10001:10001\n", "").replace(
      "RUN npm run build",
      "USER 10001:10001\nRUN npm run build",
    );
    expect(numericFinalUser.problems(parseDockerfile(onlyInTheBuild))).toEqual([
      "the final stage has no USER: it would run as root",
    ]);
  });

  it("pinned base: latest, an untagged image, a moving major tag, or a base that is not the ARG fails", () => {
    const defaultIs = (image: string) =>
      pinnedBaseImageArg.problems(
        broken("ARG NODE_IMAGE=node:20.20.2-bookworm-slim", `ARG NODE_IMAGE=${image}`),
      );
    expect(defaultIs("node:latest")).toHaveLength(2);
    expect(defaultIs("node")[0]).toBe(
      "ARG NODE_IMAGE=node: the default must be an exact version or a digest",
    );
    expect(defaultIs("node:20-bookworm-slim")).toHaveLength(2);
    expect(defaultIs(`node@sha256:${"a".repeat(64)}`)).toEqual([]);
    // (Template literals: the \${…} are Dockerfile text, not placeholders.)
    expect(
      pinnedBaseImageArg.problems(broken(`FROM \${NODE_IMAGE}\n`, "FROM node:20.20.2\n")),
    ).toEqual([`FROM node:20.20.2: the base must be a build ARG (FROM \${NODE_IMAGE})`]);
    expect(
      pinnedBaseImageArg.problems(
        broken(`FROM \${NODE_IMAGE} AS dependencies`, `FROM \${BASE} AS dependencies`),
      ),
    ).toEqual([`FROM \${BASE}: ARG BASE is not declared before the first FROM`]);
  });

  it("exec-form node: the shell form, npm, tsx or a shell in the command fails", () => {
    const command = (cmd: string) =>
      execFormNode.problems(broken('CMD ["node", "dist/index.js"]', cmd));
    expect(command("CMD node dist/index.js")).toEqual([
      'CMD node dist/index.js: use the exec form ["node", …]',
    ]);
    expect(command('CMD ["npm", "start"]')).toEqual([
      "the container starts npm, not node",
      "npm must not run in the container's command",
    ]);
    expect(command('ENTRYPOINT ["tsx"]\nCMD ["src/index.ts"]')).toContain(
      "the container starts tsx, not node",
    );
    expect(command('CMD ["sh", "-c", "node dist/index.js"]')).toContain(
      "the container starts sh, not node",
    );
    expect(command("")).toEqual(["the final stage has no CMD"]);
  });

  it("npm ci from the lock file: npm install, or npm ci before the lock file is in, fails", () => {
    expect(npmCiFromLockFile.problems(broken("RUN npm ci", "RUN npm install"))).toEqual([
      "no npm ci: dependencies must come from the lock file",
      "line 5: npm install; use npm ci",
    ]);
    expect(
      npmCiFromLockFile.problems(
        broken("COPY package.json package-lock.json ./", "COPY package.json ./"),
      ),
    ).toEqual(["line 5: npm ci before package-lock.json is copied"]);
    // The lock file copied in the stage a stage is built from counts.
    expect(
      npmCiFromLockFile.problems(broken("RUN npm run build", "RUN npm ci --omit=dev")),
    ).toEqual([]);
  });

  it("NODE_ENV=production: a final stage without it fails", () => {
    expect(
      productionNodeEnv.problems(broken("ENV NODE_ENV=production", "ENV NODE_ENV=development")),
    ).toEqual(["the final stage does not set ENV NODE_ENV=production"]);
  });

  it("dockerfile-utils: an unknown instruction or a bad port is reported with its line", () => {
    const problems = lintDockerfile(GOOD.replace("EXPOSE 4001", "EXPOSE http"));
    expect(problems).toEqual([
      { rule: "dockerfile-utils", message: "line 14: Invalid containerPort: http" },
    ]);
  });
});
