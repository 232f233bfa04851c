import { THIRD_PARTY_IMAGES } from "../images.js";
import { SIZING } from "../sizing.js";
import type { Environment } from "./environment.js";
import { selectorOf } from "./metadata.js";
import { APP_USER, httpGetProbe, NODE, spreadOver, TMP, ZONE } from "./pod.js";
import { statefulInfrastructure } from "./stateful-infrastructure.js";

const HEADLESS = "nats-headless";
const PID_DIR = "/var/run/nats";
const CONFIG_DIR = "/etc/nats-config";

/**
 * nats.conf. JetStream keeps its store on the PVC; each server is named after its pod (nats-0 …),
 * a name that survives restarts, as JetStream's placement needs. Clustered (prod), every server
 * lists a route to each pod through the headless Service (its own is ignored).
 */
export function natsConfig(env: Environment): string {
  const lines = [
    "server_name: $SERVER_NAME",
    "port: 4222",
    "http_port: 8222",
    `pid_file: ${PID_DIR}/nats.pid`,
    // Lame duck: clients are told to move over 30 s, after 10 s for the others to take them.
    "lame_duck_duration: 30s",
    "lame_duck_grace_period: 10s",
    "jetstream {",
    "  store_dir: /data/jetstream",
    // The bus stream is on file; memory holds only the storefront's ephemeral readers.
    "  max_memory_store: 64MB",
    `  max_file_store: ${env.nats.maxFileStore}`,
    "}",
  ];
  if (env.nats.replicas > 1) {
    const routes = Array.from(
      { length: env.nats.replicas },
      (_, index) => `    nats://nats-${index}.${HEADLESS}:6222`,
    );
    lines.push(
      "cluster {",
      "  name: microtickets",
      "  port: 6222",
      // Clients reconnect through the `nats` Service, never to a pod address they were told.
      "  no_advertise: true",
      "  routes: [",
      ...routes,
      "  ]",
      "}",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The bus: a NATS StatefulSet with JetStream on a PVC, probed as NATS's helm chart does (alive
 * while JetStream is enabled, ready once the server and JetStream answer).
 */
export function nats(env: Environment) {
  const clustered = env.nats.replicas > 1;
  return statefulInfrastructure({
    name: "nats",
    component: "bus",
    image: THIRD_PARTY_IMAGES.nats,
    runAs: APP_USER,
    replicas: env.nats.replicas,
    startTogether: true,
    container: {
      command: ["nats-server", "--config", `${CONFIG_DIR}/nats.conf`],
      env: [
        { name: "SERVER_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "GOMEMLIMIT", value: SIZING.nats.goMemoryLimit },
      ],
      // Lame duck mode: clients move to the other servers first. nats-server ignores the
      // SIGTERM that follows while it is in lame duck, and exits when it is done.
      lifecycle: {
        preStop: { exec: { command: ["nats-server", `-sl=ldm=${PID_DIR}/nats.pid`] } },
      },
    },
    ports: [
      { name: "client", containerPort: 4222 },
      { name: "cluster", containerPort: 6222 },
      { name: "monitor", containerPort: 8222 },
    ],
    clientPorts: ["client"],
    headless: { name: HEADLESS, ports: ["cluster", "monitor"] },
    files: {
      configMap: "nats-config",
      mountPath: CONFIG_DIR,
      data: { "nats.conf": natsConfig(env) },
    },
    data: { mountPath: "/data", storage: env.nats.storage },
    scratch: [{ volume: "pid", mountPath: PID_DIR, sizeLimit: "1Mi" }, TMP],
    probes: {
      startup: httpGetProbe("/healthz?js-enabled-only=true", "monitor", {
        periodSeconds: 5,
        timeoutSeconds: 5,
        failureThreshold: 60,
      }),
      liveness: httpGetProbe("/healthz?js-enabled-only=true", "monitor", {
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 3,
      }),
      readiness: httpGetProbe("/healthz?js-server-only=true", "monitor", {
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
      }),
    },
    // Lame duck's 10 + 30 s, and time to shut down after it.
    terminationGracePeriodSeconds: 60,
    sizing: SIZING.nats,
    scheduling: clustered
      ? {
          // Never two servers on one node: losing it would lose two of three stream copies,
          // and with them the stream's quorum. A cluster of fewer nodes leaves one pending.
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  topologyKey: NODE,
                  labelSelector: { matchLabels: selectorOf("nats") },
                },
              ],
            },
          },
          topologySpreadConstraints: spreadOver([ZONE], selectorOf("nats")),
        }
      : undefined,
  });
}
