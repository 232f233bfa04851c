import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import fc from "fast-check";
import type { Queryable } from "../db/pool.js";
import { SESSION_COOKIE } from "../http/session.js";

/** A request as a hostile client could send it: the request line's path is sent byte for byte. */
export interface FuzzRequest {
  method: string;
  /** Path and query as on the request line: `..` and malformed percent-encoding included. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Sends the request over a socket of its own, with node:http rather than fetch or supertest:
 * both normalize a path (`..`, percent-encoding) before it leaves. An event stream is read up
 * to its headers only: it never ends by itself.
 */
export function sendRaw(baseUrl: string, req: FuzzRequest): Promise<FuzzResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = typeof req.body === "string" ? Buffer.from(req.body) : req.body;
  const headers = body ? { "Content-Length": String(body.length), ...req.headers } : req.headers;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname, port, method: req.method, path: req.path, headers, agent: false },
      (res) => {
        const answer = { status: res.statusCode ?? 0, headers: res.headers };
        if (String(res.headers["content-type"]).startsWith("text/event-stream")) {
          res.destroy();
          resolve({ ...answer, text: "" });
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ ...answer, text: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    outgoing.setTimeout(15_000, () => outgoing.destroy(new Error("no answer within 15 s")));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

// What must never reach a client: a stack frame, a source path, SQL or a driver's message.
const LEAKS: [string, RegExp][] = [
  ["a stack frame", /\n\s+at \S|\bat (?:file:\/\/|node:|\/)\S+:\d+:\d+/],
  ["a source file path", /(?:\/[\w.@-]+)+\.(?:[cm]?[jt]s|sql)\b|node_modules|\/work\//],
  ["SQL text", /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[\s\S]*\b(?:FROM|VALUES|SET|WHERE)\b/],
  [
    "a database error",
    /syntax error at or near|violates .* constraint|relation "|invalid input syntax/i,
  ],
  ["an exception's name", /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|URIError)\b/],
];

/** The request and the answer, short enough to read in a failure report. */
export function describeExchange(req: FuzzRequest, res?: FuzzResponse): string {
  const body =
    req.body === undefined ? "" : ` body ${JSON.stringify(String(req.body).slice(0, 300))}`;
  const sent = `${req.method} ${req.path.slice(0, 300)} headers ${JSON.stringify(req.headers)}${body}`;
  return res ? `${sent}\n  → ${res.status} ${res.text.slice(0, 500)}` : sent;
}

function isErrorShape(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const { errors, ...rest } = value as { errors?: unknown };
  if (Object.keys(rest).length > 0 || !Array.isArray(errors) || errors.length === 0) return false;
  return errors.every((item: unknown) => {
    if (!item || typeof item !== "object") return false;
    const { message, field, ...others } = item as { message?: unknown; field?: unknown };
    return (
      typeof message === "string" &&
      message.length > 0 &&
      (field === undefined || typeof field === "string") &&
      Object.keys(others).length === 0
    );
  });
}

/** Why the answer breaks the contract, or undefined when it keeps it. */
export function contractBreach(req: FuzzRequest, res: FuzzResponse): string | undefined {
  if (res.status < 200 || res.status >= 500) return `status ${res.status}`;
  const type = String(res.headers["content-type"] ?? "");
  const json = type.startsWith("application/json");
  if (res.status >= 400) {
    if (!json) return `an error with Content-Type "${type}"`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      return "an error body that is not JSON";
    }
    if (!isErrorShape(parsed)) return 'an error not in the shape {"errors":[{message, field?}]}';
    for (const [what, pattern] of LEAKS) if (pattern.test(res.text)) return `${what} in the body`;
  } else if (res.text.length > 0 && !json && req.method !== "HEAD") {
    return `a success with Content-Type "${type}"`;
  }
  return undefined;
}

/** Fails, naming the request and the answer, when the answer breaks the contract. */
export function assertKeepsContract(req: FuzzRequest, res: FuzzResponse): void {
  const breach = contractBreach(req, res);
  if (breach) throw new Error(`${breach}: ${describeExchange(req, res)}`);
}

/** The rows the queries read, for comparing the state before and after a rejected request. */
export async function readState(db: Queryable, queries: string[]): Promise<unknown[][]> {
  const state: unknown[][] = [];
  for (const query of queries) state.push((await db.query(query)).rows);
  return state;
}

export interface FuzzRun {
  baseUrl: string;
  numRuns: number;
  /** What must read back the same after a rejected (4xx) request. */
  state?: () => Promise<unknown>;
  /** A rejection the contract says does change state (a declined payment, 402, is recorded). */
  recorded?: (res: FuzzResponse) => boolean;
}

/** How many requests a run sent, and how many got each status. */
export interface FuzzTally {
  sent: number;
  byStatus: Record<number, number>;
  /** Answered 2xx: how far past validation the fuzz reached. */
  accepted: number;
}

/**
 * Sends every request `requests` draws and checks each answer keeps the contract, and that a
 * rejected one changed no state (nor Object.prototype: the service runs in this process).
 * fast-check reports the seed and the smallest failing request.
 */
export async function fuzzRequests(
  requests: fc.Arbitrary<FuzzRequest>,
  { baseUrl, numRuns, state, recorded = () => false }: FuzzRun,
): Promise<FuzzTally> {
  const tally: FuzzTally = { sent: 0, byStatus: {}, accepted: 0 };
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
  await fc.assert(
    fc.asyncProperty(requests, async (req) => {
      const before = await state?.();
      const res = await sendRaw(baseUrl, req);
      tally.sent++;
      tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
      if (res.status < 300) tally.accepted++;
      assertKeepsContract(req, res);
      if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys) {
        throw new Error(`Object.prototype was polluted: ${describeExchange(req, res)}`);
      }
      if (state && res.status >= 400 && !recorded(res)) {
        const after = await state();
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          throw new Error(`a rejected request changed state: ${describeExchange(req, res)}`);
        }
      }
    }),
    { numRuns, endOnFailure: true },
  );
  if (process.env.FUZZ_TALLY) console.info(JSON.stringify(tally.byStatus));
  return tally;
}

/**
 * `fuzzRequests` bound to one service (`target` is read at each run, after `beforeAll`): a run
 * must send all `numRuns` requests, and by default get some accepted (2xx), which shows the fuzz
 * reached past validation; `accepted: "none"` says every one must be refused, `"any"` either.
 */
export function fuzzerFor(target: () => Omit<FuzzRun, "numRuns">) {
  return async (
    requests: fc.Arbitrary<FuzzRequest>,
    numRuns: number,
    { accepted = "some" }: { accepted?: "some" | "none" | "any" } = {},
  ): Promise<FuzzTally> => {
    const tally = await fuzzRequests(requests, { ...target(), numRuns });
    if (tally.sent !== numRuns) throw new Error(`sent ${tally.sent} of ${numRuns} requests`);
    if (accepted === "some" && tally.accepted === 0) {
      throw new Error(`none of ${numRuns} requests got past validation`);
    }
    if (accepted === "none" && tally.accepted > 0) {
      throw new Error(`${tally.accepted} of ${numRuns} requests were accepted`);
    }
    return tally;
  };
}

// ---- Arbitraries ----

const charOf = (min: number, max: number) =>
  fc.integer({ min, max }).map((code) => String.fromCharCode(code));

/** Code points anywhere in Unicode, lone surrogates and control characters included. */
export const anyText = fc.string({ unit: "binary", maxLength: 40 });

/** Strings chosen to break parsers and validators. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  anyText,
  fc.constantFrom(
    "",
    " ",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "1e309",
    "0x10",
    " 12 ",
    "12.345",
    "1,5",
    "null",
    "undefined",
    "true",
    "\ud800",
    "a\udfffb",
    "\udc00\ud800",
    "\u0000",
    "a\u0000b",
    "\u001b[31m",
    "\r\n",
    "\u202e",
    "🎫",
    "' OR 1=1 --",
    "'); DROP TABLE tickets; --",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%E0%A4%A",
    "__proto__",
    "0000-00-00T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "275760-09-13T00:00:00Z",
    "2030-02-30T20:00:00Z",
  ),
  fc.nat({ max: 300 }).chain((n) => fc.constantFrom("x", "é", "🎫", " ").map((c) => c.repeat(n))),
);

/** A JSON value as text: raw number tokens JSON.stringify cannot make (1e309, 2^64, -0). */
export const hostileJsonValue: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    "1e309",
    "-1e309",
    "1e-400",
    "-0",
    "0.1e1",
    "18446744073709551616",
    "123456789012345678901234567890.123",
    "0.5000000000000001",
    "999999.995",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '[["nested"]]',
    `${"[".repeat(500)}${"]".repeat(500)}`,
  ),
  fc.double().map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/**
 * A JSON object built of the route's own field names, each absent, valid (often, so the fuzz
 * reaches past validation) or hostile, with prototype-pollution and unknown keys mixed in.
 */
export function jsonObjectOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, valid]) =>
    fc.option(
      fc.oneof(
        { weight: 4, arbitrary: valid.map((v) => `"${name}":${JSON.stringify(v)}`) },
        { weight: 1, arbitrary: hostileJsonValue.map((v) => `"${name}":${v}`) },
      ),
      { freq: 5 },
    ),
  );
  const extra = fc.tuple(
    fc.constantFrom("__proto__", "constructor", "prototype", "hasOwnProperty", "toString", ""),
    hostileJsonValue,
  );
  const strayKeys = fc.array(fc.oneof(extra, fc.tuple(anyText, hostileJsonValue)), {
    maxLength: 2,
  });
  return fc.tuple(fc.tuple(...entries), strayKeys).map(([known, stray]) => {
    const parts = known.filter((part): part is string => part !== null);
    for (const [key, value] of stray) parts.push(`${JSON.stringify(key)}:${value}`);
    return `{${parts.join(",")}}`;
  });
}

/** Bodies that are not a JSON object: other JSON, broken JSON, other formats, raw bytes. */
export const nonObjectBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  hostileJsonValue,
  fc.constantFrom("", "{", '{"a":', "{'a':1}", "{a:1}", "[1,]", "a=1&b=2", "\ufeff{}", "%7B%7D"),
  fc.uint8Array({ maxLength: 200 }),
  fc.nat({ max: 130_000 }).map((n) => `{"pad":"${"x".repeat(n)}"}`),
);

/** A request body for a route taking `fields`: mostly an object of them, sometimes anything. */
export function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>) {
  return fc.oneof({ weight: 4, arbitrary: jsonObjectOf(fields) }, nonObjectBody);
}

// Node's client refuses header values outside tab, 0x20–0x7e and 0x80–0xff; the server-side parser's
// answer to the rest is what malformed-requests.fuzz.test.ts covers.
const headerText = fc.string({
  unit: fc.oneof(charOf(0x20, 0x7e), charOf(0x80, 0xff)),
  maxLength: 60,
});

const printable = fc.string({ unit: charOf(0x21, 0x7e), minLength: 1, maxLength: 40 });

export const contentTypes = fc.oneof(
  { weight: 14, arbitrary: fc.constant("application/json") },
  fc.constantFrom(
    "application/json; charset=utf-8",
    "application/json; charset=utf-16le",
    "application/json; charset=latin1",
    "application/json; charset=bogus",
    "application/merge-patch+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain",
    "text/html",
    "*/*",
    "",
  ),
  headerText,
);

/** A Content-Encoding that the body does not have (the body is always sent as is). */
export const lyingEncodings = fc.constantFrom("gzip", "deflate", "br", "gzip, deflate", "x-zip");

/** Cookie headers: the signed-in session, garbage, and the session with garbage around it. */
export function cookieHeader(signedIn: string): fc.Arbitrary<string> {
  const token = signedIn.slice(SESSION_COOKIE.length + 1);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(signedIn) },
    headerText,
    headerText.map((junk) => `${signedIn}; ${junk}`),
    headerText.map((junk) => `${SESSION_COOKIE}=${junk}`),
    fc.constantFrom(
      `${SESSION_COOKIE}=`,
      `${SESSION_COOKIE}=%E0%A4%A`,
      `${SESSION_COOKIE}=${token.slice(0, -3)}abc`,
      `${SESSION_COOKIE}=${token}.${token}`,
      `${SESSION_COOKIE}=j:{"__proto__":1}`,
      `${SESSION_COOKIE}=s:${token}`,
      `${SESSION_COOKIE}="${token}"`,
      `${signedIn}; ${SESSION_COOKIE}=x`,
      `${SESSION_COOKIE}=x; ${signedIn}`,
      `${"a=b; ".repeat(500)}${signedIn}`,
    ),
  );
}

/** Idempotency-Key values: fine ones and every kind of odd one. */
export const idempotencyKeys = fc.oneof(
  printable,
  headerText,
  fc.constantFrom("", " ", "a b", "é", "%00", "x".repeat(255), "x".repeat(256), "x".repeat(8_000)),
);

const usually = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 7, arbitrary: arb }, fc.constant(undefined));
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, arb);

/**
 * The headers of a request to a route: Content-Type and the Cookie usually, each of the rest
 * sometimes, so most requests get past the 401 and the 415 to the route's own checks. `extra`
 * are the route's own (Idempotency-Key, Last-Event-ID, Stripe-Signature), sent half the time.
 */
export function headersOf(
  cookie: string,
  extra: Record<string, fc.Arbitrary<string>> = {},
): fc.Arbitrary<Record<string, string>> {
  const own = Object.entries(extra).map(([name, value]) =>
    fc.option(value.map((v) => [name, v] as const)),
  );
  return fc
    .tuple(
      usually(contentTypes.map((v) => ["Content-Type", v] as const)),
      usually(cookieHeader(cookie).map((v) => ["Cookie", v] as const)),
      sometimes(lyingEncodings.map((v) => ["Content-Encoding", v] as const)),
      sometimes(
        fc
          .constantFrom("Accept", "X-Forwarded-For", "Accept-Charset", "Origin", "Range")
          .chain((name) =>
            fc
              .oneof(headerText, fc.constantFrom("::1", "999.1.1.1", ", ,", "*/*"))
              .map((v) => [name, v] as const),
          ),
      ),
      ...own,
    )
    .map((pairs) =>
      Object.fromEntries(pairs.filter((pair): pair is readonly [string, string] => !!pair)),
    );
}

// Unreserved characters go as they are; anything else as the percent-encoded bytes of its UTF-8
// (a lone surrogate as U+FFFD's: encodeURIComponent would throw on it).
export function percentEncode(text: string): string {
  return [...Buffer.from(text)]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

/** Percent-encoding no decoder accepts, and encodings of what a decoder should refuse. */
export const malformedPercent = fc.constantFrom(
  "%E0%A4%A",
  "%",
  "%%",
  "%zz",
  "%E0%A4",
  "%C0%AE",
  "%ED%A0%80",
  "%FF%FE",
  "%00",
  "%2e%2e",
  "%2F",
  "%u0041",
);

/** A path segment: the valid ones given, and ids that are not, `..`, junk, encoded and not. */
export function pathSegment(...valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.uuid() },
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    fc.uuid().map((id) => `${id}x`),
    fc.uuid().map((id) => id.replace(/-/g, "")),
    fc.constantFrom("..", ".", "...", "undefined", "null", "0", "-1", "1e309", "x".repeat(5_000)),
    malformedPercent,
    hostileString.map(percentEncode),
    fc.tuple(fc.uuid(), malformedPercent).map(([id, junk]) => `${id}${junk}`),
  );
}

/**
 * A query string over the route's own parameters: valid values, hostile ones, repeated
 * parameters, `a[]=` and `a[b]=` forms and malformed percent-encoding. Starts with `?` unless empty.
 */
export function queryOf(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const value = (name: string) =>
    fc.oneof(
      {
        weight: 3,
        // hasOwn: a drawn key may be "__proto__", which every object answers.
        arbitrary: ((Object.hasOwn(params, name) && params[name]) || hostileString).map(
          percentEncode,
        ),
      },
      hostileString.map(percentEncode),
      malformedPercent,
      fc.constantFrom("", "+", "a+b", "%20"),
    );
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    fc.constantFrom(...names).map((name) => `${name}[]`),
    fc.constantFrom(...names).map((name) => `${name}[a]`),
    fc.constantFrom("__proto__", "constructor", "__proto__[x]", "", "%"),
    hostileString.map(percentEncode),
  );
  const pair = key.chain((k) => {
    const plain = k.replace(/\[.*$/, "");
    return fc.oneof(
      value(plain).map((v) => `${k}=${v}`),
      fc.constant(k),
    );
  });
  return fc
    .array(pair, { maxLength: 5 })
    .map((pairs) => (pairs.length > 0 ? `?${pairs.join("&")}` : ""));
}

/**
 * Any method on any path under `prefix` (an `/api/...` root), with any query, headers and
 * body: unknown routes and methods are 404 in the error shape, never a 5xx.
 */
export function strayRequests(prefix: string, cookie: string): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
    path: fc
      .tuple(fc.array(pathSegment(), { maxLength: 3 }), queryOf({ id: fc.uuid() }))
      .map(([segments, query]) => [prefix, ...segments].join("/") + query),
    headers: headersOf(cookie),
    body: fc.option(bodyOf({ id: fc.uuid() }), { nil: undefined }),
  });
}
