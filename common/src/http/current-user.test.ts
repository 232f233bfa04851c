import cookieParser from "cookie-parser";
import express from "express";
import request from "supertest";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestSessions, type TestSessions } from "../testing/sessions.js";
import { currentUser } from "./current-user.js";
import { RevokedSessions } from "./revoked-sessions.js";
import "./types.js";

describe("the current user", () => {
  let sessions: TestSessions;
  let app: express.Express;
  const revoked = new RevokedSessions();

  beforeAll(async () => {
    sessions = await createTestSessions();
    app = express()
      .use(cookieParser())
      .use(currentUser({ keys: sessions.publicKey, revoked }))
      .get("/me", (req, res) => {
        res.json({ user: req.currentUser ?? null });
      });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const whoIs = async (cookie: string) =>
    (await request(app).get("/me").set("Cookie", cookie)).body.user;

  it("is the user a session token names, on every request that sends it", async () => {
    const { user, cookie } = await sessions.signIn();

    expect(await whoIs(cookie)).toEqual(user);
    expect(await whoIs(cookie)).toEqual(user);
  });

  it("is nobody once a token that was checked before has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { user, cookie } = await sessions.signIn();
    expect(await whoIs(cookie)).toEqual(user);

    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000);

    expect(await whoIs(cookie)).toBeNull();
  });

  it("is nobody for a token one character away from one that was checked", async () => {
    const { user, cookie } = await sessions.signIn();
    expect(await whoIs(cookie)).toEqual(user);
    const last = cookie.at(-2) === "A" ? "B" : "A";

    expect(await whoIs(`${cookie.slice(0, -2)}${last}${cookie.at(-1)}`)).toBeNull();
  });

  it("is nobody once the session is revoked, though its token was checked before", async () => {
    const { user, cookie, sessionId } = await sessions.signIn();
    const other = await sessions.signIn(user);
    expect(await whoIs(cookie)).toEqual(user);

    revoked.revoke(sessionId, Date.now() + 60_000);

    expect(await whoIs(cookie)).toBeNull();
    expect(await whoIs(other.cookie)).toEqual(user);
  });
});
