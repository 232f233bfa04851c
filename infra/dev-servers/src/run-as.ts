import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { SetupError } from "./setup-error.js";

export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as Debian's `postgres` user when there is
 * one, else as `nobody`; as anyone else, as ourselves (undefined).
 */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const users = systemUsers();
  const runAs = users.get("postgres") ?? users.get("nobody");
  if (!runAs) {
    throw new SetupError(
      "Running as root, and there is no postgres or nobody user to run PostgreSQL as.",
    );
  }
  return runAs;
}

function systemUsers(): Map<string, RunAs> {
  const users = new Map<string, RunAs>();
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user && uid && gid) users.set(user, { user, uid: Number(uid), gid: Number(gid) });
  }
  return users;
}

/** The command line that runs `command` as `runAs` (runuser keeps our environment). */
export function commandAs(
  runAs: RunAs | undefined,
  command: string,
  args: string[],
): [string, string[]] {
  return runAs ? ["runuser", ["-u", runAs.user, "--", command, ...args]] : [command, args];
}

/** Whether `runAs` can write into `dir`: every parent must be searchable by it, too. */
export function canWrite(runAs: RunAs | undefined, dir: string): boolean {
  const [command, args] = commandAs(runAs, "test", ["-w", dir, "-a", "-x", dir]);
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}
