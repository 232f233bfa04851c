import { Router } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, it } from "vitest";
import { busEnv } from "../bus/env.js";
import { apiEnv, databaseEnv, serviceConfig } from "../config.js";
import { SessionRevoked } from "../events/index.js";
import { requireAuth, signedInUser } from "../http/require-auth.js";
import { eventually, startTestService } from "../testing/index.js";
import { defineService } from "./define-service.js";

// A service as any API is: a guarded route, a database and the bus; no listener of its own.
const guarded = defineService({
  name: "guarded",
  config: serviceConfig(0).extend({ ...databaseEnv, ...apiEnv, ...busEnv }),
  migrations: new URL("../db/__fixtures__/service", import.meta.url),
  setup: () => ({
    routes: [
      Router().get("/api/mine", requireAuth, (req, res) => {
        res.json({ id: signedInUser(req).id });
      }),
    ],
  }),
});

// CONTRACT.md: within 1 s of the sign-out every service refuses the token.
const WITHIN_A_SECOND = { timeoutMs: 1_000, intervalMs: 10 };

describe("the revocation list every API keeps", () => {
  let t: Awaited<ReturnType<typeof startTestService<typeof guarded.config, undefined>>>;
  beforeAll(async () => {
    t = await startTestService(guarded, { label: "revocations" });
  });
  afterAll(() => t.close());

  const mine = (app: Parameters<typeof request>[0], cookie: string) =>
    request(app).get("/api/mine").set("Cookie", cookie);
  const revocationOf = (
    signedIn: { user: { id: string }; sessionId: string },
    expiresAt = new Date(Date.now() + 3_600_000),
  ) =>
    SessionRevoked.build({
      sessionId: signedIn.sessionId,
      userId: signedIn.user.id,
      expiresAt: expiresAt.toISOString(),
    });

  it("refuses a token within 1 s of its session.revoked, though it was accepted before", async () => {
    const session = await t.sessions.signIn();
    await mine(t.app, session.cookie).expect(200, { id: session.user.id });

    await t.publish(revocationOf(session));

    await eventually(
      async () => (await mine(t.app, session.cookie)).status === 401,
      WITHIN_A_SECOND,
    );
  });

  it("leaves another session of the same user signed in", async () => {
    const leaving = await t.sessions.signIn();
    const staying = await t.sessions.signIn(leaving.user);

    await t.apply(revocationOf(leaving));

    await mine(t.app, leaving.cookie).expect(401);
    await mine(t.app, staying.cookie).expect(200, { id: leaving.user.id });
  });

  it("is refused by every replica within 1 s, though replicas share one consumer", async () => {
    const replicas = [await t.replica(), await t.replica()];
    const session = await t.sessions.signIn();
    for (const replica of replicas) await mine(replica.app, session.cookie).expect(200);

    await t.publish(revocationOf(session));

    for (const replica of [t, ...replicas]) {
      await eventually(
        async () => (await mine(replica.app, session.cookie)).status === 401,
        WITHIN_A_SECOND,
      );
    }
    await Promise.all(replicas.map((replica) => replica.stop()));
  });

  it("is still refused by a process started after the revocation", async () => {
    const session = await t.sessions.signIn();
    await t.apply(revocationOf(session));

    const restarted = await t.replica();

    await mine(restarted.app, session.cookie).expect(401);
    await restarted.stop();
  });

  it("learns of a revocation published while every process was down once one is back", async () => {
    const stopped = await t.replica();
    const session = await t.sessions.signIn();
    await t.messaging.stop();
    await stopped.stop();

    await t.publish(revocationOf(session));
    const back = await t.replica();
    await t.messaging.start();

    await eventually(async () => (await mine(back.app, session.cookie)).status === 401, {
      timeoutMs: 10_000,
    });
    await back.stop();
  });

  it("forgets a revocation whose token has expired anyway", async () => {
    const session = await t.sessions.signIn();

    await t.apply(revocationOf(session, new Date(Date.now() - 1_000)));

    await mine(t.app, session.cookie).expect(200);
  });
});
