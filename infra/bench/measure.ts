/** Latency samples and the summary the benchmarks print. */
export interface Summary {
  n: number;
  medianMs: number;
  p95Ms: number;
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
