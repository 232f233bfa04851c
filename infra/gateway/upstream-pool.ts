/**
 * Round-robin over one route's replicas. Like nginx's default `max_fails=1 fail_timeout=10s`, a
 * replica that just failed is skipped for a while, unless every replica has failed.
 */
export class UpstreamPool {
  readonly #targets: readonly string[];
  readonly #failTimeoutMs: number;
  readonly #now: () => number;
  readonly #failedUntil = new Map<string, number>();
  #next = 0;

  constructor(targets: readonly string[], failTimeoutMs = 10_000, now: () => number = Date.now) {
    this.#targets = targets;
    this.#failTimeoutMs = failTimeoutMs;
    this.#now = now;
  }

  get size(): number {
    return this.#targets.length;
  }

  /** The next replica in turn that this request has not tried yet; undefined when none is left. */
  pick(tried: ReadonlySet<string> = new Set()): string | undefined {
    const untried = this.#targets.filter((target) => !tried.has(target));
    const healthy = untried.filter((target) => (this.#failedUntil.get(target) ?? 0) <= this.#now());
    const eligible = new Set(healthy.length > 0 ? healthy : untried);
    for (let step = 0; step < this.#targets.length; step++) {
      const index = (this.#next + step) % this.#targets.length;
      const target = this.#targets[index];
      if (target !== undefined && eligible.has(target)) {
        this.#next = (index + 1) % this.#targets.length;
        return target;
      }
    }
    return undefined;
  }

  markFailed(target: string): void {
    this.#failedUntil.set(target, this.#now() + this.#failTimeoutMs);
  }

  markHealthy(target: string): void {
    this.#failedUntil.delete(target);
  }
}
