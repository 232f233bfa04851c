import { THIRD_PARTY_IMAGES } from "../images.js";
import { SIZING } from "../sizing.js";
import type { Environment } from "./environment.js";
import { PRE_STOP_PAUSE_SECONDS } from "./http-service.js";
import { execProbe, TMP } from "./pod.js";
import { statefulInfrastructure } from "./stateful-infrastructure.js";

/** The redis image's own user and group. */
const REDIS_USER = { user: 999, group: 999 };

/**
 * Redis for auth's sign-in limits and expiration's delayed jobs: every write appended to disk,
 * and when full it refuses writes rather than evicting a job (an order would then never expire).
 */
export function redis(env: Environment) {
  const tcp = { tcpSocket: { port: "redis" } };
  return statefulInfrastructure({
    name: "redis",
    component: "cache",
    image: THIRD_PARTY_IMAGES.redis,
    runAs: REDIS_USER,
    replicas: 1,
    container: {
      args: [
        "redis-server",
        "--dir",
        "/data",
        "--appendonly",
        "yes",
        "--maxmemory",
        SIZING.redis.redisMaxMemory,
        "--maxmemory-policy",
        "noeviction",
        // Reachable from other pods without a password; in prod NetworkPolicies say which.
        "--protected-mode",
        "no",
      ],
      lifecycle: { preStop: { sleep: { seconds: PRE_STOP_PAUSE_SECONDS } } },
    },
    ports: [{ name: "redis", containerPort: 6379 }],
    clientPorts: ["redis"],
    data: { mountPath: "/data", storage: env.redis.storage },
    scratch: [TMP],
    probes: {
      startup: { ...tcp, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
      liveness: { ...tcp, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
      // PONG, not LOADING: ready once the append-only file is read back.
      readiness: execProbe(["sh", "-c", 'test "$(redis-cli -h 127.0.0.1 ping)" = PONG'], {
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 2,
      }),
    },
    terminationGracePeriodSeconds: 30,
    sizing: SIZING.redis,
  });
}
