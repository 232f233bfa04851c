/**
 * What each workload asks for and may use. Requests are what the scheduler reserves; the memory
 * limit is where the kernel kills the container. No CPU limit: throttling a Node process stalls
 * its event loop (and its probes) instead of slowing it down.
 *
 * From measurements of the compiled services under `npm start` (README, "Run on Kubernetes"):
 * 96–118 MB resident idle and 160–210 MB after the on-sale rush (mostly garbage V8 had not yet
 * collected, hence the heap cap below the limit); the storefront 115 MB idle; the emulator 66 MB
 * after 200 PaymentIntents. Change them here, then `npm run k8s:render -- --write`.
 */
export interface Sizing {
  cpuRequest: string;
  memoryRequest: string;
  memoryLimit: string;
  /**
   * Node's old-space heap (`--max-old-space-size`, MB), below the limit by what Node needs
   * besides its heap (code, buffers, the young generation), so V8 collects before the kernel kills.
   */
  nodeHeapMb?: number;
  /** Go's soft limit (GOMEMLIMIT) for NATS, so it collects before the kernel kills. */
  goMemoryLimit?: string;
  /** Redis's own ceiling (`--maxmemory`); with noeviction a full Redis refuses writes, loses nothing. */
  redisMaxMemory?: string;
}

const SERVICE: Sizing = {
  cpuRequest: "100m",
  memoryRequest: "128Mi",
  memoryLimit: "256Mi",
  nodeHeapMb: 160,
};

export const SIZING = {
  auth: SERVICE,
  tickets: SERVICE,
  orders: SERVICE,
  expiration: SERVICE,
  payments: SERVICE,
  client: { cpuRequest: "100m", memoryRequest: "192Mi", memoryLimit: "384Mi", nodeHeapMb: 256 },
  "stripe-emulator": {
    cpuRequest: "50m",
    memoryRequest: "64Mi",
    memoryLimit: "128Mi",
    nodeHeapMb: 80,
  },
  nats: {
    cpuRequest: "100m",
    memoryRequest: "128Mi",
    memoryLimit: "512Mi",
    goMemoryLimit: "460MiB",
  },
  /** The dev StatefulSet and each instance of a prod CloudNativePG cluster. */
  postgres: { cpuRequest: "250m", memoryRequest: "256Mi", memoryLimit: "1Gi" },
  redis: {
    cpuRequest: "50m",
    memoryRequest: "64Mi",
    memoryLimit: "256Mi",
    redisMaxMemory: "200mb",
  },
} as const satisfies Record<string, Sizing>;

export type SizedWorkload = keyof typeof SIZING;

export function sizingOf(workload: string): Sizing {
  if (!(workload in SIZING)) throw new Error(`infra/k8s/sizing.ts has no row for ${workload}`);
  return SIZING[workload as SizedWorkload];
}
