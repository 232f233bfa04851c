import { relative } from "node:path";
import type { InfraName, ResolvedServer } from "./infrastructure.js";

// Wide enough for the longest part, "expiration", and a replica's "-2".
const NAME_WIDTH = 12;

/** `✓ postgres  127.0.0.1:5432 (already running)`: names in one column, then the detail. */
export function readyLine(name: string, detail: string): string {
  return `✓ ${name.padEnd(NAME_WIDTH)} ${detail}`;
}

export function failedLine(name: string, detail: string): string {
  return `✗ ${name.padEnd(NAME_WIDTH)} ${detail}`;
}

export function infraLine(name: InfraName, server: ResolvedServer, repoRoot: string): string {
  const { resolution } = server;
  switch (resolution.kind) {
    case "env":
      return readyLine(name, `${withoutPassword(server.url)} (from ${resolution.variable})`);
    case "running":
      return readyLine(name, `${hostAndPort(server.url)} (already running)`);
    case "started":
      return readyLine(
        name,
        `${hostAndPort(server.url)} (started in ${resolution.startedInMs} ms, data in ${relative(repoRoot, resolution.dataDir)})`,
      );
  }
}

function hostAndPort(url: string): string {
  return new URL(url).host;
}

/** Logs outlive terminals: never print a password from DATABASE_URL. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
