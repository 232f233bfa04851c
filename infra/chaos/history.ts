/** One HTTP request the workload made, as the client saw it. Times are ms since the run began. */
export interface Operation {
  id: number;
  /** What the workload meant by it: `ticket.create`, `order.create`, `payment.create` … */
  kind: string;
  /** The signed-in user who sent it (`seller-1`, `buyer-3`, `probe`). */
  actor: string;
  method: string;
  path: string;
  idempotencyKey?: string;
  body?: unknown;
  startedAt: number;
  endedAt: number;
  /** null: no answer at all (connection refused or reset, timeout). */
  status: number | null;
  response?: unknown;
  error?: string;
}

/** A fault from its injection to its end; recoveredAt once a probe purchase succeeded after it. */
export interface FaultWindow {
  kind: string;
  detail: string;
  startedAt: number;
  endedAt: number;
  recoveredAt?: number;
}

export type OrderStatus = "created" | "awaiting:payment" | "complete" | "cancelled";

/** What was read back at the end, from the API and, where it cannot tell, databases and ledger. */
export interface FinalState {
  tickets: Array<{
    id: string;
    status: "available" | "reserved" | "sold";
    orderId: string | null;
    priceCents: number;
  }>;
  /** Every order orders' database holds, acknowledged or not. */
  orders: Array<{ id: string; ticketId: string; status: OrderStatus; priceCents: number }>;
  /** The emulator's ledger: money that moved. */
  charges: Array<{ id: string; amount: number; orderId?: string }>;
  refunds: Array<{ id: string; amount: number; charge: string }>;
}

const HISTORY_BODY_LIMIT = 2_000;

/** Every request and its answer, in the order they were sent. */
export class Recorder {
  readonly operations: Operation[] = [];
  readonly faults: FaultWindow[] = [];
  readonly #began = Date.now();
  #nextId = 1;
  #inFlight = new Map<number, { path: string }>();

  now(): number {
    return Date.now() - this.#began;
  }

  /** Wall-clock time of a run time, for evidence a reader can match with logs. */
  wallClock(at: number): string {
    return new Date(this.#began + at).toISOString();
  }

  /** How many requests whose path starts with `prefix` are waiting for an answer now. */
  inFlight(prefix: string): number {
    let count = 0;
    for (const { path } of this.#inFlight.values()) if (path.startsWith(prefix)) count++;
    return count;
  }

  async request(
    baseUrl: string,
    call: {
      kind: string;
      actor: string;
      method: string;
      path: string;
      body?: unknown;
      cookie?: string;
      idempotencyKey?: string;
      timeoutMs?: number;
    },
  ): Promise<Operation & { headers?: Headers }> {
    const id = this.#nextId++;
    const startedAt = this.now();
    this.#inFlight.set(id, { path: call.path });
    const headers: Record<string, string> = {};
    if (call.body !== undefined) headers["Content-Type"] = "application/json";
    if (call.cookie) headers.Cookie = call.cookie;
    if (call.idempotencyKey) headers["Idempotency-Key"] = call.idempotencyKey;
    const operation: Operation = {
      id,
      kind: call.kind,
      actor: call.actor,
      method: call.method,
      path: call.path,
      ...(call.idempotencyKey && { idempotencyKey: call.idempotencyKey }),
      ...(call.body !== undefined && { body: call.body }),
      startedAt,
      endedAt: startedAt,
      status: null,
    };
    let responseHeaders: Headers | undefined;
    try {
      const res = await fetch(`${baseUrl}${call.path}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
      });
      const text = await res.text();
      operation.status = res.status;
      responseHeaders = res.headers;
      try {
        operation.response = text ? JSON.parse(text) : undefined;
      } catch {
        operation.response = text.slice(0, HISTORY_BODY_LIMIT);
      }
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      operation.error = cause?.code ?? (error instanceof Error ? error.name : String(error));
    } finally {
      operation.endedAt = this.now();
      this.#inFlight.delete(id);
    }
    this.operations.push(operation);
    return { ...operation, headers: responseHeaders };
  }
}
