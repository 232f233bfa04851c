/**
 * Who may call what: every route of the API (CONTRACT.md "HTTP API" through "Payments") × every
 * kind of caller, and the status each gets. `authorization-matrix.test.ts` sends every cell
 * through the gateway of a whole stack; README.md shows this table
 * (`authorization-matrix-markdown.ts` renders it).
 *
 * The callers, in column order:
 * - anonymous: no cookie at all.
 * - owner: the user the row's entity belongs to: the seller of the ticket, the buyer of the order.
 *   For the auth routes and the lists, a signed-in user with their own credentials and entities.
 *   For `POST /api/orders` it is the ticket's seller (who may not buy it: 400 "your own ticket").
 * - other: another signed-in user, genuinely signed in.
 * - the forged sessions, each claiming to be the owner (`sub` and `email` of the owner), so a
 *   verifier that accepted one would answer the owner's status, not 401:
 *   - alg:none: an unsigned token (`{"alg":"none"}`, empty signature).
 *   - edited: another user's real token with its payload edited to name the owner, the old
 *     signature kept.
 *   - hs256: signed HS256 with auth's public key (the PEM text) as the HMAC secret, the classic
 *     key-confusion attack on a verifier that takes the algorithm from the token.
 *   - expired: signed EdDSA with auth's real private key, every claim right but `exp` a day ago.
 *   - not-jwt: `session=not.a.jwt`.
 *   - base64: 48 random bytes, base64.
 *
 * Where the contract is silent, what it implies:
 * - A forged, expired or garbage session is "not signed in" (401 where signing in is needed).
 *   On a route that needs no session it is ignored, never an error: the public reads, sign-up,
 *   sign-in and sign-out answer it as they answer anonymous.
 * - Sign-up and sign-in are decided by the body's credentials, not by a session already held:
 *   201/200 whoever asks. Sign-out lists no errors: 200 for anyone (revoking a session at
 *   sign-out is not this table's business).
 * - `DELETE /api/orders/:id` of another user's order is 404, like `GET` and `POST /api/payments`
 *   ("also another user's order"): whether it exists is none of the caller's business.
 * - `GET /api/orders` and `GET /api/tickets?seller=me` answer any signed-in user 200 with their
 *   own entities only (the test checks every item belongs to the caller).
 * - The payments webhook is authenticated by Stripe's signature, not by a session: an unsigned
 *   event is 400 for every caller, and changes nothing.
 * - `GET /api/users/currentuser` is 200 for everyone; what differs is who it names: `NOBODY`
 *   (`{currentUser: null}`) or `YOU` (the caller). Every forged session is `NOBODY`.
 */

export const CALLERS = [
  "anonymous",
  "owner",
  "other",
  "alg:none",
  "edited",
  "hs256",
  "expired",
  "not-jwt",
  "base64",
] as const;
export type Caller = (typeof CALLERS)[number];

/** How a failure names the caller: `PUT /api/tickets/:id as another user: expected 403, got 200`. */
export const CALLER_DESCRIPTIONS: Record<Caller, string> = {
  anonymous: "anonymous",
  owner: "the owner",
  other: "another user",
  "alg:none": "an alg:none token",
  edited: "an edited payload with the old signature",
  hs256: "an HS256 token signed with the public key",
  expired: "an expired token",
  "not-jwt": "session=not.a.jwt",
  base64: "random base64",
};

/** `GET /api/users/currentuser`: 200 `{currentUser: null}`. */
export const NOBODY = "200 nobody";
/** `GET /api/users/currentuser`: 200 naming the caller. */
export const YOU = "200 you";

export type Cell = 200 | 201 | 204 | 400 | 401 | 403 | 404 | typeof NOBODY | typeof YOU;
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

// biome-ignore format: aligned by hand, so the policy reads as a table
export const AUTHORIZATION_MATRIX = {
  //                              anonymous owner   other   alg:none edited  hs256   expired not-jwt base64
  "POST /api/users/signup":      [201,      201,    201,    201,     201,    201,    201,    201,    201],
  "POST /api/users/signin":      [200,      200,    200,    200,     200,    200,    200,    200,    200],
  "POST /api/users/signout":     [200,      200,    200,    200,     200,    200,    200,    200,    200],
  "GET /api/users/currentuser":  [NOBODY,   YOU,    YOU,    NOBODY,  NOBODY, NOBODY, NOBODY, NOBODY, NOBODY],
  "POST /api/tickets":           [401,      201,    201,    401,     401,    401,    401,    401,    401],
  "GET /api/tickets":            [200,      200,    200,    200,     200,    200,    200,    200,    200],
  "GET /api/tickets?seller=me":  [401,      200,    200,    401,     401,    401,    401,    401,    401],
  "GET /api/tickets/updates":    [200,      200,    200,    200,     200,    200,    200,    200,    200],
  "GET /api/tickets/:id":        [200,      200,    200,    200,     200,    200,    200,    200,    200],
  "PUT /api/tickets/:id":        [401,      200,    403,    401,     401,    401,    401,    401,    401],
  "POST /api/orders":            [401,      400,    201,    401,     401,    401,    401,    401,    401],
  "GET /api/orders":             [401,      200,    200,    401,     401,    401,    401,    401,    401],
  "GET /api/orders/:id":         [401,      200,    404,    401,     401,    401,    401,    401,    401],
  "DELETE /api/orders/:id":      [401,      204,    404,    401,     401,    401,    401,    401,    401],
  "POST /api/payments":          [401,      201,    404,    401,     401,    401,    401,    401,    401],
  "POST /api/payments/webhook":  [400,      400,    400,    400,     400,    400,    400,    400,    400],
} as const satisfies Record<string, Row>;

export type Route = keyof typeof AUTHORIZATION_MATRIX;
export const ROUTES = Object.keys(AUTHORIZATION_MATRIX) as Route[];

export function expectedCell(route: Route, caller: Caller): Cell {
  return AUTHORIZATION_MATRIX[route][CALLERS.indexOf(caller)] as Cell;
}

/** The status a cell expects, without who `currentuser` names. */
export function expectedStatus(cell: Cell): number {
  return typeof cell === "number" ? cell : 200;
}

/** Every cell, row by row: what the test sends and the README counts. */
export function matrixCells(): { route: Route; caller: Caller; expected: Cell }[] {
  return ROUTES.flatMap((route) =>
    CALLERS.map((caller) => ({ route, caller, expected: expectedCell(route, caller) })),
  );
}
