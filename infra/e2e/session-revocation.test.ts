import { createAuthTestApp } from "@microtickets/auth/testing";
import { eventually } from "@microtickets/common/testing";
import { createOrdersTestApp } from "@microtickets/orders/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// CONTRACT.md, Session: signing out ends that session everywhere; within 1 s every service
// refuses its token (401), even one copied before the sign-out.
const WITHIN_A_SECOND = { timeoutMs: 1_000, intervalMs: 10 };

/** Auth and orders as they run, in this process, on one stream and one key pair. */
describe("a sign-out, as orders sees it", () => {
  let auth: Awaited<ReturnType<typeof createAuthTestApp>>;
  let orders: Awaited<ReturnType<typeof createOrdersTestApp>>;
  let ordersRestarted: Awaited<ReturnType<typeof orders.replica>> | undefined;
  beforeAll(async () => {
    auth = await createAuthTestApp("revocation");
    orders = await createOrdersTestApp("revocation", {
      env: {
        BUS_STREAM: auth.env.BUS_STREAM ?? "",
        BUS_SUBJECT_PREFIX: auth.env.BUS_SUBJECT_PREFIX ?? "",
        JWT_PUBLIC_KEY: auth.sessions.keys.publicKeyPem,
      },
    });
    await request(auth.app)
      .post("/api/users/signup")
      .send({ email: "linus@example.com", password: "password1" })
      .expect(201);
  });
  afterAll(async () => {
    await ordersRestarted?.stop();
    await orders?.close();
    await auth?.close();
  });

  async function signIn(): Promise<string> {
    const res = await request(auth.app)
      .post("/api/users/signin")
      .send({ email: "linus@example.com", password: "password1" })
      .expect(200);
    return res.headers["set-cookie"]?.[0]?.split(";")[0] ?? "";
  }
  const myOrders = (app: Parameters<typeof request>[0], cookie: string) =>
    request(app).get("/api/orders").set("Cookie", cookie);

  it("refuses a token copied before the sign-out within 1 s, and still after orders restarts", async () => {
    const copied = await signIn();
    await myOrders(orders.app, copied).expect(200);

    await request(auth.app).post("/api/users/signout").set("Cookie", copied).expect(200);

    await eventually(
      async () => (await myOrders(orders.app, copied)).status === 401,
      WITHIN_A_SECOND,
    );
    await orders.stop();
    ordersRestarted = await orders.replica();
    await myOrders(ordersRestarted.app, copied).expect(401);
  });

  it("leaves the user's other session signed in at orders", async () => {
    const app = ordersRestarted?.app ?? orders.app;
    const [leaving, staying] = [await signIn(), await signIn()];

    await request(auth.app).post("/api/users/signout").set("Cookie", leaving).expect(200);

    await eventually(async () => (await myOrders(app, leaving)).status === 401, WITHIN_A_SECOND);
    const res = await myOrders(app, staying).expect(200);
    expect(res.body).toEqual([]);
  });
});
