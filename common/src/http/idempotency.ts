import { createHash, randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Pool } from "../db/pool.js";
import { ConflictError, UnprocessableError, ValidationError } from "../errors/index.js";
import type { Logger } from "../logger.js";
import { signedInUser } from "./require-auth.js";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export interface IdempotencyOptions {
  pool: Pool;
  /** The scope with the user, e.g. "POST /api/orders". */
  route: string;
  /**
   * How long a claim on a key holds unless renewed. A running request renews it every
   * `heartbeatMs`; one whose process died stops, and a retry this long after the last renewal
   * takes the key over and runs the request again. Short, so a buyer retrying after a crash is
   * served within seconds; it is no limit on how long a request may run.
   */
  leaseMs?: number;
  /**
   * How often a running request renews its lease: several times a lease, so that a renewal
   * delayed by a busy pool, a garbage-collection pause or a slow database does not lose it.
   */
  heartbeatMs?: number;
  /**
   * The longest a request keeps renewing: a handler that never answers must not hold its key
   * (and a timer) for ever. Longer than any wait a route makes (Stripe, the payment hold).
   */
  maxHoldMs?: number;
  /** How long a response is replayed; after that the key is new again. */
  retentionMs?: number;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

interface KeyId {
  userId: string;
  route: string;
  key: string;
}

/**
 * `Idempotency-Key` on a POST behind requireAuth (IETF idempotency-key header draft): a retry
 * with the same key and body gets the first response; the same key with another body is 422;
 * while the first request runs, 409 (with Retry-After). Only answers that changed state or were
 * declined (2xx, 402) are remembered, so a request refused for its input can be corrected and
 * sent again.
 *
 * The first request holds its key by a lease it renews while it runs (see `leaseMs`); a retry
 * finding the lease run out (its process died) takes the key over in the one statement that
 * claims it, so of two such retries exactly one runs. Every write of a holder is fenced by its
 * lease token: a holder that was taken over cannot record its late answer over its successor's.
 * The fence guards this table only; what the request itself changes is kept single by the
 * route's own keys and constraints (a retry is the same order, the same payment attempt).
 */
export function idempotency({
  pool,
  route,
  leaseMs = 5_000,
  heartbeatMs = Math.max(1, Math.floor(leaseMs / 5)),
  maxHoldMs = 5 * 60_000,
  retentionMs = 24 * 60 * 60 * 1_000,
}: IdempotencyOptions): RequestHandler {
  return async (req, res, next) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      throw ValidationError.field(IDEMPOTENCY_HEADER, "Must be 1 to 255 printable characters");
    }
    const id: KeyId = { userId: signedInUser(req).id, route, key };
    const requestHash = hashBody(req.body);
    const leaseToken = randomUUID();

    // Taken: new, or its lease ran out with no answer (its process died), or past retention.
    // One statement decides: a concurrent claim waits on the row and then sees it taken.
    const claim = await pool.query(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash, lease_token)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, route, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL,
             lease_token = EXCLUDED.lease_token, locked_at = now(), created_at = now()
         WHERE idempotency_keys.created_at < now() - make_interval(secs => $7)
            OR (idempotency_keys.status_code IS NULL
                AND idempotency_keys.request_hash = EXCLUDED.request_hash
                AND idempotency_keys.locked_at < now() - make_interval(secs => $6))
       RETURNING 1`,
      [id.userId, id.route, id.key, requestHash, leaseToken, leaseMs / 1_000, retentionMs / 1_000],
    );
    if (claim.rowCount === 0) {
      const { rows } = await pool.query<{
        request_hash: string;
        status_code: number | null;
        response_body: unknown;
        lease_left_seconds: number;
      }>(
        `SELECT request_hash, status_code, response_body,
                extract(epoch FROM locked_at + make_interval(secs => $4) - now())::float8
                  AS lease_left_seconds
         FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3`,
        [id.userId, id.route, id.key, leaseMs / 1_000],
      );
      const first = rows[0];
      // Gone between the two statements (its first request was refused): try it as new.
      if (!first) return next();
      if (first.request_hash !== requestHash) {
        throw new UnprocessableError(`${IDEMPOTENCY_HEADER} was already used with another body`);
      }
      if (first.status_code === null) {
        const running = new ConflictError(
          `A request with this ${IDEMPOTENCY_HEADER} is still running`,
        );
        // When to look again: the first request answers by then, or has lost its lease.
        running.headers["Retry-After"] = String(Math.max(1, Math.ceil(first.lease_left_seconds)));
        throw running;
      }
      res.set("Idempotent-Replayed", "true").status(first.status_code).json(first.response_body);
      return;
    }

    const lease = keepLease({ pool, id, leaseToken, heartbeatMs, maxHoldMs, log: req.log });
    // Answered some other way than json (finish), or the connection closed after the answer was
    // written. A client that hung up before the answer is not the request's end: the handler
    // is still working (Stripe may be slow), and a retry until it answers must get 409.
    res.once("finish", lease.end);
    res.once("error", lease.end);
    res.once("close", () => {
      if (res.writableEnded) lease.end();
    });
    rememberResponse(res, async (statusCode, body) => {
      lease.end();
      const remembered = (statusCode >= 200 && statusCode < 300) || statusCode === 402;
      const { rowCount } = remembered
        ? await pool.query(
            `UPDATE idempotency_keys SET status_code = $5, response_body = $6
             WHERE user_id = $1 AND route = $2 AND key = $3 AND lease_token = $4`,
            [id.userId, id.route, id.key, leaseToken, statusCode, JSON.stringify(body ?? null)],
          )
        : await pool.query(
            `DELETE FROM idempotency_keys
             WHERE user_id = $1 AND route = $2 AND key = $3 AND lease_token = $4`,
            [id.userId, id.route, id.key, leaseToken],
          );
      if (rowCount === 0) {
        req.log?.warn(
          { idempotencyKey: key, statusCode },
          "a retry took this Idempotency-Key over; this answer goes to its own client only",
        );
      }
    });
    next();
  };
}

/**
 * Renews a claimed key's lease every `heartbeatMs` until `end` (the answer is being recorded,
 * or was sent), at most `maxHoldMs`. The timers are unref'd: they never keep a process alive,
 * and they die with it, which is how a retry learns that the holder is gone.
 */
function keepLease({
  pool,
  id,
  leaseToken,
  heartbeatMs,
  maxHoldMs,
  log,
}: {
  pool: Pool;
  id: KeyId;
  leaseToken: string;
  heartbeatMs: number;
  maxHoldMs: number;
  log: Logger | undefined;
}): { end: () => void } {
  let ended = false;
  let renewing = false;
  const renew = async () => {
    // A renewal slower than the interval is not stacked on: the next tick tries again.
    if (renewing) return;
    renewing = true;
    try {
      const { rowCount } = await pool.query(
        `UPDATE idempotency_keys SET locked_at = now()
         WHERE user_id = $1 AND route = $2 AND key = $3 AND lease_token = $4
           AND status_code IS NULL`,
        [id.userId, id.route, id.key, leaseToken],
      );
      if (rowCount === 0 && !ended) {
        // Renewed too late: a retry has the key now. Stop; our answer will not be recorded.
        log?.warn({ idempotencyKey: id.key }, "lost the lease on an Idempotency-Key to a retry");
        end();
      }
    } catch (error) {
      // The lease may run out meanwhile; a later renewal still holds it unless a retry took it.
      log?.warn({ err: error, idempotencyKey: id.key }, "could not renew an Idempotency-Key lease");
    } finally {
      renewing = false;
    }
  };
  const heartbeat = setInterval(renew, heartbeatMs).unref();
  const giveUp = setTimeout(() => {
    log?.warn({ idempotencyKey: id.key }, "request still running: its Idempotency-Key is let go");
    end();
  }, maxHoldMs).unref();
  function end() {
    ended = true;
    clearInterval(heartbeat);
    clearTimeout(giveUp);
  }
  return { end };
}

/**
 * Records the response before it is sent, so a retry that arrives right after the answer
 * finds it. If recording fails the answer still goes out; the key frees itself after the lease
 * (no longer renewed).
 */
function rememberResponse(
  res: Response,
  record: (statusCode: number, body: unknown) => Promise<void>,
): void {
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    record(res.statusCode, body).then(
      () => send(body),
      (error: unknown) => {
        res.req.log?.error({ err: error }, "could not record the idempotent response");
        send(body);
      },
    );
    return res;
  };
}

/** Key order does not make another body: hash a canonical form. */
function hashBody(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
