import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CALLER_DESCRIPTIONS,
  type Caller,
  expectedStatus,
  matrixCells,
  NOBODY,
  type Route,
  YOU,
} from "./authorization-matrix.js";
import {
  type Arranged,
  type Cast,
  type Member,
  ROUTE_DRIVERS,
} from "./authorization-matrix-routes.js";
import {
  cookie,
  cookieOf,
  newSigningKeys,
  sessionClaims,
  signEdDSA,
} from "./authorization-matrix-sessions.js";
import { ApiClient } from "./client.js";
import { type RunningStack, startStack } from "./stack.js";

/** What `make(route, …)` first gave for a route, for every later call with that route. */
function once<T, A extends unknown[]>(
  make: (route: Route, ...rest: A) => Promise<T>,
): (route: Route, ...rest: A) => Promise<T> {
  const made = new Map<Route, Promise<T>>();
  return (route, ...rest) => {
    const known = made.get(route);
    if (known) return known;
    const making = make(route, ...rest);
    made.set(route, making);
    return making;
  };
}

/** Every route × every caller, through the gateway of one whole stack (the table: authorization-matrix.ts). */
describe("the authorization matrix, end to end", () => {
  // The stack signs with a pair the test holds, so it can sign an expired token with the real key.
  const keys = newSigningKeys();
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startStack({ JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: keys.publicKey });
  }, 120_000);
  afterAll(async () => {
    if (stack && stack.launcher.exitCode === null) await stack.stop();
  });

  const client = (sessionCookie?: string) => {
    const api = new ApiClient(stack.url);
    api.cookie = sessionCookie;
    return api;
  };

  async function member(): Promise<Member> {
    const api = client();
    const user = await api.signUp();
    return { ...user, cookie: api.cookie ?? "", client: api };
  }

  // Users per row, so a row's cells never see another row's entities; an entity per cell where
  // the route changes state, one per row where it only reads.
  const castOf = once(async (_route: Route): Promise<Cast> => {
    const [owner, other, seller] = await Promise.all([member(), member(), member()]);
    return { owner, other, seller, anyone: client() };
  });
  const sharedFixture = once((route: Route, cast: Cast) => ROUTE_DRIVERS[route].arrange(cast));
  const arrange = (route: Route, cast: Cast): Promise<Arranged> =>
    ROUTE_DRIVERS[route].changesState
      ? ROUTE_DRIVERS[route].arrange(cast)
      : sharedFixture(route, cast);

  const genuine = (caller: Caller, cast: Cast): Member | undefined =>
    caller === "owner" ? cast.owner : caller === "other" ? cast.other : undefined;

  it("accepts a token the test signs with the stack's key, so only exp refuses the expired one", async () => {
    const owner = await member();
    const signed = client(cookie(signEdDSA(sessionClaims(owner), keys.privateKey)));
    const reply = await signed.call("GET", "/api/users/currentuser");
    expect(reply.body).toEqual({ currentUser: { id: owner.id, email: owner.email } });
  });

  it.concurrent.each(matrixCells())(
    "$route as $caller: $expected",
    async ({ route, caller, expected }) => {
      const cast = await castOf(route);
      const cell = await arrange(route, cast);
      const reply = await cell.send(client(cookieOf(caller, cast, keys)));

      const status = expectedStatus(expected);
      if (reply.status !== status) {
        throw new Error(
          `${route} as ${CALLER_DESCRIPTIONS[caller]}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`,
        );
      }
      if (expected === NOBODY || expected === YOU) {
        const asker = genuine(caller, cast);
        const named = expected === YOU && asker ? { id: asker.id, email: asker.email } : null;
        expect(reply.body, `${route} as ${CALLER_DESCRIPTIONS[caller]} names`).toEqual({
          currentUser: named,
        });
      }
      if (status < 300) await cell.accepted?.(reply, genuine(caller, cast));
      else await cell.unchanged?.();
    },
  );
});
