import { describe, expect, it } from "vitest";
import { serviceEnv } from "./service-env.js";
import type { ServiceEntry } from "./services.js";

const urls = {
  database: "postgres://postgres@127.0.0.1:5432/orders",
  nats: "nats://127.0.0.1:4222",
  redis: "redis://127.0.0.1:6379",
};
const keys = { privateKey: "PRIVATE PEM", publicKey: "PUBLIC PEM" };
const auth: ServiceEntry = {
  name: "auth",
  dir: "auth",
  database: "auth",
  uses: ["postgres", "redis"],
  signsSessions: true,
};
const orders: ServiceEntry = {
  name: "orders",
  dir: "orders",
  database: "orders",
  uses: ["postgres", "nats"],
};

describe("a service's environment", () => {
  it("gives the session-minting service both keys and every other service only the public key", () => {
    const base = { JWT_PRIVATE_KEY: "from the launcher's env" };

    expect(serviceEnv(auth, 4101, urls, keys, base).JWT_PRIVATE_KEY).toBe("PRIVATE PEM");
    expect(serviceEnv(orders, 4201, urls, keys, base).JWT_PRIVATE_KEY).toBeUndefined();
    expect(serviceEnv(orders, 4201, urls, keys, base).JWT_PUBLIC_KEY).toBe("PUBLIC PEM");
  });

  it("points a service only at the infrastructure it uses", () => {
    const env = serviceEnv(orders, 4201, urls, keys, { REDIS_URL: "redis://elsewhere" });

    expect(env.DATABASE_URL).toBe(urls.database);
    expect(env.NATS_URL).toBe(urls.nats);
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe("4201");
  });

  it("defaults NODE_ENV and LOG_LEVEL and passes the rest through", () => {
    const env = serviceEnv(auth, 4101, urls, keys, { PORT: "3000", ORDER_LOCK_SECONDS: "5" });

    expect(env).toMatchObject({
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      ORDER_LOCK_SECONDS: "5",
    });
    expect(env.PORT).toBe("4101");
    expect(serviceEnv(auth, 4101, urls, keys, { LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
  });
});
