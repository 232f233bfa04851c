import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";

/** Set in the re-executed run: the name of the namespace it runs in. */
const INSIDE = "CHAOS_NETNS";

export type NamespaceMode =
  | { kind: "inside"; name: string }
  | { kind: "enter" }
  | { kind: "none"; reason: string };

/**
 * Whether to run in a network namespace of our own: as root with `ip` (iproute2), yes, so the
 * private servers' ports and every fault stay inside it; otherwise on private ports beside the
 * machine's other programs.
 */
export function namespaceMode(env: NodeJS.ProcessEnv = process.env): NamespaceMode {
  const inside = env[INSIDE];
  if (inside) return { kind: "inside", name: inside };
  if (env.CHAOS_NO_NETNS) return { kind: "none", reason: "CHAOS_NO_NETNS is set" };
  if (process.getuid?.() !== 0) return { kind: "none", reason: "not root (ip netns needs root)" };
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return { kind: "none", reason: "no `ip` command (Debian package iproute2)" };
  }
  return { kind: "enter" };
}

/**
 * Runs this same program again inside a new namespace `chaos-<pid>` with only loopback up, and
 * deletes the namespace (killing whatever is left in it) when the run ends or is interrupted.
 * Resolves with the inner run's exit code.
 */
export async function runInNamespace(args: readonly string[]): Promise<number> {
  const name = `chaos-${process.pid}`;
  execFileSync("ip", ["netns", "add", name]);
  const remove = () => {
    try {
      const pids = execFileSync("ip", ["netns", "pids", name], { encoding: "utf8" });
      for (const pid of pids.split("\n").filter(Boolean)) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {}
      }
      execFileSync("ip", ["netns", "del", name]);
    } catch {}
  };
  try {
    execFileSync("ip", ["-n", name, "link", "set", "lo", "up"]);
    const child = spawn("ip", ["netns", "exec", name, process.execPath, ...args], {
      stdio: "inherit",
      env: { ...process.env, [INSIDE]: name },
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on("SIGINT", forward("SIGINT"));
    process.on("SIGTERM", forward("SIGTERM"));
    const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    return code ?? (signal ? 128 : 1);
  } finally {
    remove();
  }
}
