// npm run k8s:render -- dev|prod            the environment as one YAML stream on stdout
// npm run k8s:render -- dev|prod --write    rewrites infra/k8s/<env>/ (both without an env)
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ENVIRONMENT_NAMES, type EnvironmentName, renderEnvironment } from "./environments.js";
import { environmentDir, generatedFiles, yamlStream } from "./generated-files.js";

const args = process.argv.slice(2);
const write = args.includes("--write");
const named = args.filter((arg) => arg !== "--write");
const isEnvironment = (arg: string): arg is EnvironmentName =>
  (ENVIRONMENT_NAMES as readonly string[]).includes(arg);

if (named.length > 1 || !named.every(isEnvironment) || (!write && named.length === 0)) {
  console.error("usage: npm run k8s:render -- dev|prod [--write]   (--write alone: both)");
  process.exit(2);
}
const environments = named.length > 0 ? (named as EnvironmentName[]) : ENVIRONMENT_NAMES;

if (!write) {
  process.stdout.write(yamlStream(renderEnvironment(environments[0] as EnvironmentName)));
} else {
  for (const env of environments) {
    const dir = environmentDir(env);
    const files = generatedFiles(env);
    await mkdir(dir, { recursive: true });
    // A component that is gone must not linger in the directory (or in `kubectl apply -f`).
    for (const stale of (await readdir(dir)).filter((file) => !files.has(file))) {
      await rm(join(dir, stale));
    }
    for (const [file, text] of files) await writeFile(join(dir, file), text);
    console.error(`wrote ${files.size} files to infra/k8s/${env}/`);
  }
}
