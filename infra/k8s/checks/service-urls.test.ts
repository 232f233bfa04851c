import { describe, expect, it } from "vitest";
import { changed, configMap, deployment, environment, service, statefulSet } from "./fixtures.js";
import { serviceUrls, serviceUrlsOf } from "./service-urls.js";

const orders = deployment("orders", 4003);
const nats = changed(statefulSet("nats", 4222, "nats:2.10.24-alpine", 3), (s) => {
  const [first] = s.spec.template.spec.containers;
  if (first) {
    first.envFrom = [];
    first.volumeMounts = [{ name: "config", mountPath: "/etc/nats" }];
  }
  s.spec.template.spec.volumes = [{ name: "config", configMap: { name: "nats-config" } }];
});
const headless = changed(service("nats-headless", 6222, 6222), (s) => {
  s.spec = {
    ...(s.spec as object),
    selector: { "app.kubernetes.io/name": "nats" },
    clusterIP: "None",
  };
});
const objects = (ordersConfig: Record<string, string>) => [
  orders,
  configMap("orders-config", ordersConfig),
  nats,
  configMap("nats-config", {
    "nats.conf": "cluster { routes: [nats://nats-0.nats-headless:6222] }",
  }),
  service("nats", 4222),
  headless,
];

describe("URLs to the environment's Services", () => {
  it("are found in variables and in mounted ConfigMap files, by Service or pod host name", () => {
    const found = serviceUrlsOf(
      environment(
        "prod",
        objects({ NATS_URL: "nats://nats:4222", STRIPE_API_BASE: "https://api.stripe.com" }),
      ),
      [],
    );

    expect(
      found.map(
        ({ source, url, service, port }) => `${source} ${url} → ${service.metadata.name}:${port}`,
      ),
    ).toEqual([
      "NATS_URL nats://nats:4222 → nats:4222",
      "nats-config/nats.conf nats://nats-0.nats-headless:6222 → nats-headless:6222",
    ]);
  });

  it("take the scheme's port when the URL names none", () => {
    const [url] = serviceUrlsOf(environment("prod", objects({ NATS_URL: "nats://nats" })), []);
    expect(url?.port).toBe(4222);
  });

  it("report a URL whose port the Service does not expose", () => {
    const check = (config: Record<string, string>) =>
      serviceUrls([])(environment("prod", objects(config))).map((v) => v.message);

    expect(check({ NATS_URL: "nats://nats:4222" })).toEqual([]);
    expect(check({ NATS_URL: "nats://nats:4223" })).toEqual([
      "NATS_URL points at nats://nats:4223, but Service nats has no port 4223",
    ]);
  });
});
