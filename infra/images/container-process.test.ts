import { describe, expect, it } from "vitest";
import { findContainerProcess, type ProcessEntry, parentPid } from "./container-process.js";

// What `ps --forest` showed under `buildah run --isolation=chroot … -- node dist/index.js`.
const TREE: ProcessEntry[] = [
  { pid: 1, ppid: 0, argv: ["/sbin/init"] },
  {
    pid: 30275,
    ppid: 30274,
    argv: ["buildah", "run", "--isolation=chroot", "c", "--", "node", "dist/index.js"],
  },
  { pid: 30296, ppid: 30275, argv: ["buildah-chroot-runtime"] },
  {
    pid: 30305,
    ppid: 30296,
    argv: ["buildah-chroot-exec", "/usr/local/bin/node", "dist/index.js"],
  },
  { pid: 30313, ppid: 30305, argv: ["/usr/local/bin/node", "dist/index.js"] },
  // Another run of the same image, not this runner's.
  { pid: 40013, ppid: 40005, argv: ["/usr/local/bin/node", "dist/index.js"] },
];

describe("finding the container's process under buildah run", () => {
  it("is the runner's descendant running the command, argv[0] by its name", () => {
    expect(findContainerProcess(TREE, 30275, ["node", "dist/index.js"])).toBe(30313);
  });

  it("is nothing when the command has not started yet or has exited, nor another runner's", () => {
    const starting = TREE.filter((entry) => entry.pid !== 30313);
    expect(findContainerProcess(starting, 30275, ["node", "dist/index.js"])).toBeUndefined();
    expect(findContainerProcess(TREE, 30275, ["node", "other.js"])).toBeUndefined();
    expect(findContainerProcess(TREE, 99999, ["node", "dist/index.js"])).toBeUndefined();
  });

  it("reads the parent from /proc/<pid>/stat, whatever the command's name holds", () => {
    expect(parentPid("30313 (node) S 30305 30266 10089 0 -1 4194560")).toBe(30305);
    expect(parentPid("77 (a) b (c) R 12 77 77 0")).toBe(12);
  });
});
