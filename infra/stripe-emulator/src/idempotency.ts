// Stripe keeps a key's result for at least 24 hours; after that the key may run a new request.
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface SavedResponse {
  status: number;
  body: object;
  /** The request that produced it: replays name it in `Original-Request`. */
  requestId: string;
}

interface Running {
  state: "running";
}

interface Saved {
  state: "saved";
  endpoint: string;
  params: string;
  response: SavedResponse;
  savedAt: number;
}

/** The first request with a key: it runs, then saves its answer, or releases the key untouched. */
export interface NewClaim {
  kind: "new";
  key: string;
  save(params: unknown, response: SavedResponse): void;
  /** Nothing ran (refused while reading the parameters, or never routed): free the key. */
  release(): void;
}

export type Claim =
  | NewClaim
  | { kind: "running"; key: string }
  | { kind: "saved"; key: string; endpoint: string; params: string; response: SavedResponse };

/**
 * Idempotency keys as Stripe's v1 API keeps them: per API key, the status and body of the first
 * request that began executing (a 402 decline or a 404 included), replayed to any later request
 * with the same key and the same endpoint and parameters.
 */
export class IdempotencyKeys {
  readonly #entries = new Map<string, Running | Saved>();

  constructor(private readonly now: () => number = Date.now) {}

  /** `endpoint` is "POST /v1/payment_intents"; the scope keeps one API key's keys apart. */
  claim(scope: string, key: string, endpoint: string): Claim {
    this.#forgetExpired(this.now());
    const entryKey = `${scope}\n${key}`;
    const entry = this.#entries.get(entryKey);
    if (entry?.state === "running") return { kind: "running", key };
    if (entry?.state === "saved") return { kind: "saved", key, ...entry };

    this.#entries.set(entryKey, { state: "running" });
    const isStillRunning = () => this.#entries.get(entryKey)?.state === "running";
    return {
      kind: "new",
      key,
      save: (params, response) => {
        if (!isStillRunning()) return;
        const saved: Saved = {
          state: "saved",
          endpoint,
          params: canonicalJson(params),
          response: structuredClone(response),
          savedAt: this.now(),
        };
        // Re-inserted so the map stays in saving order, which is expiry order.
        this.#entries.delete(entryKey);
        this.#entries.set(entryKey, saved);
      },
      release: () => {
        if (isStillRunning()) this.#entries.delete(entryKey);
      },
    };
  }

  #forgetExpired(now: number): void {
    for (const [entryKey, entry] of this.#entries) {
      if (entry.state === "running") continue;
      if (now - entry.savedAt < KEY_LIFETIME_MS) break;
      this.#entries.delete(entryKey);
    }
  }
}

/** Parameters compared by value: the same form in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export const idempotencyMessages = {
  otherParameters: (key: string) =>
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  otherEndpoint: (key: string, first: string, now: string) =>
    `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). Try using a key other than '${key}' if you meant to execute a different request.`,
  inProgress: (key: string) =>
    `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
};
