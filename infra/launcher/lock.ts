import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isRunning, programName, readPid } from "./processes.js";
import { SetupError } from "./setup-error.js";

export interface Lock {
  release(): void;
}

/**
 * One holder at a time, recorded as a pid file. A file naming a dead process, or a pid since
 * reused by something that is not Node, is stale and taken over.
 */
export function acquireLock(file: string, heldMessage: (pid: number) => string): Lock {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return {
        release: () => {
          if (readPid(file) === process.pid) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readPid(file);
    if (holder !== undefined && holder !== process.pid && isHeldBy(holder)) {
      throw new SetupError(heldMessage(holder));
    }
    unlinkSync(file);
  }
  throw new SetupError(`Could not take ${file}: another process keeps recreating it.`);
}

function isHeldBy(pid: number): boolean {
  if (!isRunning(pid)) return false;
  const name = programName(pid);
  return name === undefined || name === "node";
}
