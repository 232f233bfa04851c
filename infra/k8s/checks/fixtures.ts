import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { Environment, Manifest } from "./manifest.js";

// Small objects as the manifests must make them, for the rules' tests: each
// passes every rule, so a test changes one thing and sees the one rule that notices it.

type Spec = Record<string, unknown>;
/** A Deployment or StatefulSet: a pod template the tests reach into. */
export type WorkloadFixture = Manifest & {
  spec: Spec & {
    replicas?: number;
    template: { metadata: { labels: Record<string, string> }; spec: IPodSpec };
  };
};

const partOf = { "app.kubernetes.io/part-of": "microtickets" };
const meta = (name: string, labels: Record<string, string> = {}) => ({
  name,
  namespace: "microtickets",
  labels: { ...partOf, ...labels },
});

export const environment = (name: string, objects: Manifest[]): Environment => ({ name, objects });

/** A copy of `object` changed by `change`: fixtures are shared, tests never alter them. */
export function changed<T>(object: T, change: (copy: T) => void): T {
  const copy = structuredClone(object);
  change(copy);
  return copy;
}

export function container(name: string, port: number, image: string): IContainer {
  return {
    name,
    image,
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: "http", containerPort: port }],
    envFrom: [{ configMapRef: { name: `${name}-config` } }],
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    startupProbe: {
      httpGet: { path: "/healthz", port: "http" },
      periodSeconds: 2,
      failureThreshold: 30,
    },
    livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 5 },
    lifecycle: { preStop: { sleep: { seconds: 5 } } },
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };
}

function podSpec(name: string, port: number, image: string): IPodSpec {
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    },
    terminationGracePeriodSeconds: 35,
    containers: [container(name, port, image)],
    volumes: [{ name: "tmp", emptyDir: {} }],
  };
}

const podLabels = (name: string, component: string) => ({
  ...partOf,
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/component": component,
});

/**
 * A service's Deployment as the design has it (one replica, image microtickets/<name>:1.0.0);
 * `autoscaled`: no replicas, an autoscaler sets them.
 */
export function deployment(
  name: string,
  port: number,
  {
    replicas = 1,
    autoscaled = false,
    image = `microtickets/${name}:1.0.0`,
    component = "api",
  } = {},
): WorkloadFixture {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(name, podLabels(name, component)),
    spec: {
      ...(autoscaled ? {} : { replicas }),
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: podLabels(name, component) },
        spec: {
          ...podSpec(name, port, image),
          topologySpreadConstraints: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map(
            (topologyKey) => ({
              topologyKey,
              maxSkew: 1,
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: { "app.kubernetes.io/name": name } },
            }),
          ),
        },
      },
    },
  };
}

export function statefulSet(
  name: string,
  port: number,
  image: string,
  replicas = 1,
): WorkloadFixture {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(name, podLabels(name, "bus")),
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: {
        metadata: { labels: podLabels(name, "bus") },
        spec: podSpec(name, port, image),
      },
    },
  };
}

export const serviceAccount = (name: string): Manifest => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: meta(name),
  automountServiceAccountToken: false,
});

export const configMap = (name: string, data: Record<string, string>): Manifest => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: meta(name),
  data,
});

export const secret = (name: string, data: Record<string, string>): Manifest => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: meta(name),
  stringData: data,
});

export const service = (
  name: string,
  port: number,
  targetPort: number | string = "http",
): Manifest => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: meta(name),
  spec: {
    selector: { "app.kubernetes.io/name": name },
    ports: [{ name: "http", port, targetPort }],
  },
});

export const disruptionBudget = (name: string): Manifest => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: meta(name),
  spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": name } } },
});

export const autoscaler = (name: string, minReplicas = 2): Manifest => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: meta(name),
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
    minReplicas,
    maxReplicas: 10,
    metrics: [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
      },
    ],
  },
});

export const networkPolicy = (name: string, spec: Spec): Manifest => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: meta(name),
  spec,
});

export const defaultDeny = (): Manifest =>
  networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });

/** A NetworkPolicy letting the ingress controller reach the pods of `name`. */
export const allowFromIngress = (name: string, port: number): Manifest =>
  networkPolicy(`${name}-from-ingress`, {
    podSelector: { matchLabels: { "app.kubernetes.io/name": name } },
    policyTypes: ["Ingress"],
    ingress: [
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" },
            },
          },
        ],
        ports: [{ protocol: "TCP", port }],
      },
    ],
  });

/** A workload with all it needs around it: its ServiceAccount, ConfigMap and Service. */
export function deployable(name: string, port: number, options?: Parameters<typeof deployment>[2]) {
  return [
    deployment(name, port, options),
    serviceAccount(name),
    configMap(`${name}-config`, { NODE_ENV: "production", PORT: `${port}` }),
    service(name, port),
  ];
}

/** Every pod may ask kube-dns. */
export const allowDns = (): Manifest =>
  networkPolicy("allow-dns", {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ],
  });

/** The pods of `from` may call the pods of `to` on `port`: egress at one end, ingress at the other. */
export const allowBetween = (from: string, to: string, port: number): Manifest[] => {
  const pods = (name: string) => ({ matchLabels: { "app.kubernetes.io/name": name } });
  return [
    networkPolicy(`${from}-to-${to}`, {
      podSelector: pods(from),
      policyTypes: ["Egress"],
      egress: [{ to: [{ podSelector: pods(to) }], ports: [{ protocol: "TCP", port }] }],
    }),
    networkPolicy(`${to}-from-${from}`, {
      podSelector: pods(to),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: pods(from) }], ports: [{ protocol: "TCP", port }] }],
    }),
  ];
};
