import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Pool } from "../db/pool.js";
import { ConflictError, UnprocessableError, ValidationError } from "../errors/index.js";
import { signedInUser } from "./require-auth.js";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export interface IdempotencyOptions {
  pool: Pool;
  /** The scope with the user, e.g. "POST /api/orders". */
  route: string;
  /** A first request that has not answered after this long is taken to have died with its process. */
  leaseMs?: number;
  /** How long a response is replayed; after that the key is new again. */
  retentionMs?: number;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a POST behind requireAuth (IETF idempotency-key header draft): a retry
 * with the same key and body gets the first response; the same key with another body is 422;
 * while the first request runs, 409. Only answers that changed state or were declined (2xx, 402)
 * are remembered, so a request refused for its input can be corrected and sent again.
 */
export function idempotency({
  pool,
  route,
  leaseMs = 60_000,
  retentionMs = 24 * 60 * 60 * 1_000,
}: IdempotencyOptions): RequestHandler {
  return async (req, res, next) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      throw ValidationError.field(IDEMPOTENCY_HEADER, "Must be 1 to 255 printable characters");
    }
    const userId = signedInUser(req).id;
    const requestHash = hashBody(req.body);

    // Taken: new, or abandoned by a process that died mid-request, or past retention.
    const claim = await pool.query(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, route, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL,
             locked_at = now(), created_at = now()
         WHERE idempotency_keys.created_at < now() - make_interval(secs => $6)
            OR (idempotency_keys.status_code IS NULL
                AND idempotency_keys.request_hash = EXCLUDED.request_hash
                AND idempotency_keys.locked_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      [userId, route, key, requestHash, leaseMs / 1_000, retentionMs / 1_000],
    );
    if (claim.rowCount === 0) {
      const { rows } = await pool.query<{
        request_hash: string;
        status_code: number | null;
        response_body: unknown;
      }>(
        `SELECT request_hash, status_code, response_body FROM idempotency_keys
         WHERE user_id = $1 AND route = $2 AND key = $3`,
        [userId, route, key],
      );
      const first = rows[0];
      // Gone between the two statements (its first request was refused): try it as new.
      if (!first) return next();
      if (first.request_hash !== requestHash) {
        throw new UnprocessableError(`${IDEMPOTENCY_HEADER} was already used with another body`);
      }
      if (first.status_code === null) {
        throw new ConflictError(`A request with this ${IDEMPOTENCY_HEADER} is still running`);
      }
      res.set("Idempotent-Replayed", "true").status(first.status_code).json(first.response_body);
      return;
    }

    rememberResponse(res, async (statusCode, body) => {
      if ((statusCode >= 200 && statusCode < 300) || statusCode === 402) {
        await pool.query(
          `UPDATE idempotency_keys SET status_code = $4, response_body = $5
           WHERE user_id = $1 AND route = $2 AND key = $3`,
          [userId, route, key, statusCode, JSON.stringify(body ?? null)],
        );
      } else {
        await pool.query(
          "DELETE FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3",
          [userId, route, key],
        );
      }
    });
    next();
  };
}

/**
 * Records the response before it is sent, so a retry that arrives right after the answer
 * finds it. If recording fails the answer still goes out; the key frees itself after the lease.
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
