// Plain JavaScript on purpose: it runs before the dependencies (tsx among them) are installed.
// `npm start` on a fresh clone installs them first, as the contract promises, then runs the
// TypeScript entry point in this same process, so signals reach it directly.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const installed = `${root}node_modules/.package-lock.json`;
const lock = `${root}package-lock.json`;

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  // On stderr: stdout may be a command's output, e.g. `npm run --silent k8s:dev-secrets | kubectl apply -f -`.
  console.error("installing dependencies (npm ci) …");
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], {
    cwd: root,
    stdio: ["inherit", 2, "inherit"],
  });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}

const entry = process.argv[2];
if (!entry) {
  console.error("usage: node --conditions=source infra/bootstrap.mjs <entry.ts> [args…]");
  process.exit(2);
}
process.argv.splice(2, 1);
const { register } = await import("tsx/esm/api");
register();
await import(pathToFileURL(`${root}${entry}`).href);
