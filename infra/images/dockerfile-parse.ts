/** A Dockerfile read as far as our rules need: instructions, stages, the ARGs before them. */
export interface Instruction {
  /** Upper case: FROM, RUN, COPY … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined by a space. */
  args: string;
  /** 1-based, where the instruction starts. */
  line: number;
}

export interface Stage {
  /** What it is built FROM: an image reference (maybe `${ARG}`) or an earlier stage's name. */
  base: string;
  name?: string;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs declared before the first FROM: the only ones a FROM line can use. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
}

/** Joins continued lines (a trailing backslash) and drops comments and blank lines. */
export function instructionsOf(content: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  content.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    // Docker skips comment and empty lines, inside a continued instruction too.
    if (trimmed.startsWith("#") || trimmed === "") return;
    const continues = trimmed.endsWith("\\");
    const text = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending
      ? { ...pending, text: `${pending.text} ${text}`.trim() }
      : { text, line: index + 1 };
    if (continues) return;
    const [keyword = "", ...rest] = pending.text.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

const unquote = (value: string) => value.replace(/^(["'])(.*)\1$/, "$2");

/** `ARG NAME=default` (or `ARG NAME`, no default). */
export function parseArg(args: string): { name: string; value: string | undefined } {
  const equals = args.indexOf("=");
  if (equals < 0) return { name: args.trim(), value: undefined };
  return { name: args.slice(0, equals).trim(), value: unquote(args.slice(equals + 1).trim()) };
}

/** `FROM [--platform=…] <image> [AS <name>]`. */
export function parseFrom(args: string): { base: string; name?: string } {
  const words = args.split(/\s+/).filter((word) => !word.startsWith("--"));
  const [base = "", as, name] = words;
  return as?.toUpperCase() === "AS" && name ? { base, name } : { base };
}

export function parseDockerfile(content: string): ParsedDockerfile {
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(content)) {
    if (instruction.keyword === "FROM") {
      stages.push({ ...parseFrom(instruction.args), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") {
        const { name, value } = parseArg(instruction.args);
        globalArgs.set(name, value);
      }
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The stage the image is: the last one. */
export const finalStage = (dockerfile: ParsedDockerfile): Stage | undefined =>
  dockerfile.stages.at(-1);

/** A stage and the stages it is built from, nearest first. */
export function stageLineage(dockerfile: ParsedDockerfile, stage: Stage): Stage[] {
  const lineage = [stage];
  let current = stage;
  for (;;) {
    const parent = dockerfile.stages.find((candidate) => candidate.name === current.base);
    if (!parent || lineage.includes(parent)) return lineage;
    lineage.push(parent);
    current = parent;
  }
}

/** The JSON array of an exec-form CMD or ENTRYPOINT; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trim().startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((part) => typeof part === "string")
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}
