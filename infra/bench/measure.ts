import { execFileSync } from "node:child_process";
/** Latency samples and the summary the benchmarks print. */
export interface Summary {
  n: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    n: sorted.length,
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    maxMs: round(at(1)),
  };
}

/** Runs `once` n times, one after another, and returns each duration in ms. */
export async function timeSequential(n: number, once: (i: number) => Promise<void>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const began = performance.now();
    await once(i);
    samples.push(performance.now() - began);
  }
  return samples;
}

/** `total` calls with at most `concurrency` in flight; requests per second. */
export async function throughput(
  total: number,
  concurrency: number,
  once: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await once(next++);
    }),
  );
  return Math.round((total / (performance.now() - began)) * 1000);
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far, user + system, in ms (Linux /proc). */
export async function cpuMs(pid: number): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may contain spaces: utime is the 14th field overall.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** The whole machine's busy CPU time so far, in ms, from /proc/stat. */
export async function machineBusyMs(): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return (
    (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) *
      1000) /
    100
  );
}

/** The launcher (which also runs the gateway) and each service replica it spawned. */
export function stackProcesses(launcherPid: number): { name: string; pid: number }[] {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(launcherPid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {}
  const seen = new Map<string, number>();
  const named = children.map((pid) => {
    const args = execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
    const service =
      /(\w+)\/(?:src|dist)\/index\.[jt]s/.exec(args)?.[1] ??
      (/next-server|server\.js/.test(args)
        ? "storefront"
        : /stripe/.test(args)
          ? "stripe-emulator"
          : `pid ${pid}`);
    const n = (seen.get(service) ?? 0) + 1;
    seen.set(service, n);
    return { name: n === 1 ? service : `${service}-${n}`, pid };
  });
  return [{ name: "launcher + gateway", pid: launcherPid }, ...named];
}
