/*
 * A process that claims an Idempotency-Key and then works on its request for ever: the test
 * kills it with SIGKILL mid-request, leaving what a crashed service leaves (a claimed key, no
 * answer, nobody renewing the lease). Run with `node --import tsx`, so the pid is this process.
 *
 * env: DATABASE_URL, USER_ID, ROUTE, LEASE_MS. Prints `{"port":…}` once listening.
 */
import express from "express";
import { createPool } from "../../db/pool.js";
import { idempotency } from "../idempotency.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pool = createPool(env("DATABASE_URL"), 2);
const route = env("ROUTE");
const app = express()
  .use(express.json())
  .use((req, _res, next) => {
    req.currentUser = { id: env("USER_ID"), email: "holder@example.com" };
    next();
  })
  .post(
    route.replace(/^POST /, ""),
    idempotency({ pool, route, leaseMs: Number(env("LEASE_MS")) }),
    () => {
      // Never answers: the request is in flight when the process dies.
    },
  );

const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(JSON.stringify({ port: address.port }));
});
