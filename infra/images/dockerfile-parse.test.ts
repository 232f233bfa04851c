import { describe, expect, it } from "vitest";
import { execForm, instructionsOf, parseDockerfile, stageLineage } from "./dockerfile-parse.js";

describe("reading a Dockerfile", () => {
  it("joins continued lines, skipping comments and blank lines inside them, and keeps where each began", () => {
    const content =
      '# a comment\nFROM scratch\nRUN a \\\n    # explained\n\n    && b\nCMD ["node"]\n';
    expect(instructionsOf(content)).toEqual([
      { keyword: "FROM", args: "scratch", line: 2 },
      { keyword: "RUN", args: "a && b", line: 3 },
      { keyword: "CMD", args: '["node"]', line: 7 },
    ]);
  });

  it("keeps the ARGs before the first FROM apart, with their defaults, and splits the stages", () => {
    const dockerfile = parseDockerfile(
      `ARG NODE_IMAGE="node:20.20.2"\nARG NO_DEFAULT\nFROM $NODE_IMAGE AS deps\nARG LATER=1\nFROM --platform=linux/amd64 deps AS build\nFROM \${NODE_IMAGE}\n`,
    );
    expect([...dockerfile.globalArgs]).toEqual([
      ["NODE_IMAGE", "node:20.20.2"],
      ["NO_DEFAULT", undefined],
    ]);
    expect(dockerfile.stages.map(({ base, name }) => ({ base, name }))).toEqual([
      { base: "$NODE_IMAGE", name: "deps" },
      { base: "deps", name: "build" },
      { base: `\${NODE_IMAGE}`, name: undefined },
    ]);
  });

  it("follows a stage back through the stages it is built from", () => {
    const dockerfile = parseDockerfile("FROM x AS a\nFROM a AS b\nFROM b AS c\nFROM x\n");
    const [, , c, last] = dockerfile.stages;
    expect(c && stageLineage(dockerfile, c).map((stage) => stage.name)).toEqual(["c", "b", "a"]);
    expect(last && stageLineage(dockerfile, last)).toHaveLength(1);
  });

  it("reads the exec form as its argv, and the shell form as not exec", () => {
    expect(execForm('["node", "dist/index.js"]')).toEqual(["node", "dist/index.js"]);
    expect(execForm("node dist/index.js")).toBeUndefined();
    expect(execForm("['node']")).toBeUndefined();
  });
});
