import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { SetupError } from "@microtickets/dev-servers";

export interface HostFacts {
  platform: NodeJS.Platform;
  isRoot: boolean;
  /** Debian, Ubuntu or a derivative with apt-get. */
  isDebianLike: boolean;
}

export function detectHost(): HostFacts {
  return {
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    isDebianLike: existsSync("/usr/bin/apt-get") && osReleaseMentionsDebian(),
  };
}

function osReleaseMentionsDebian(): boolean {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return existsSync("/etc/debian_version");
  }
}

/** Debian package names; Homebrew's where they differ. */
const BREW_NAMES: Record<string, string> = { postgresql: "postgresql@16", "redis-server": "redis" };

/** The exact command that installs `packages` on this host, for the user to run. */
export function installCommand(packages: readonly string[], host: HostFacts): string {
  const list = packages.join(" ");
  if (host.isDebianLike) {
    const sudo = host.isRoot ? "" : "sudo ";
    return `${sudo}apt-get update && ${sudo}apt-get install -y ${list}`;
  }
  if (host.platform === "darwin") {
    return `brew install ${packages.map((name) => BREW_NAMES[name] ?? name).join(" ")}`;
  }
  return `install ${list} with your system's package manager`;
}

/**
 * Installs with apt-get when we may (Debian/Ubuntu, root); anywhere else stops with the command
 * to run, since guessing at sudo or another package manager would surprise more than help.
 */
export async function installPackages(packages: readonly string[], host: HostFacts): Promise<void> {
  if (!host.isDebianLike || !host.isRoot) {
    throw new SetupError(
      `Missing ${packages.join(", ")}. Install with:\n  ${installCommand(packages, host)}`,
    );
  }
  console.log(`… installing ${packages.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update"], env);
  await run("apt-get", ["install", "-y", ...packages], env);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new SetupError(`${command} ${args.join(" ")} failed (exit ${code})`));
    });
  });
}
