import type { Ledger } from "./ledger.js";

/** The emulator's controls over HTTP, for e2e tests that run it as another process. */
export interface EmulatorClient {
  ledger(): Promise<Ledger>;
  authenticate(paymentIntentId: string, outcome: "succeed" | "fail"): Promise<void>;
  /** Like the in-process `hold()`: the handle's `release()` is the client's. */
  hold(): Promise<{ release(): Promise<void> }>;
  release(): Promise<void>;
}

export function emulatorClient(url: string): EmulatorClient {
  const call = async (method: "GET" | "POST", path: string, body?: object): Promise<unknown> => {
    const response = await fetch(new URL(path, url), {
      method,
      ...(body && { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    if (!response.ok) {
      throw new Error(
        `stripe emulator: ${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`,
      );
    }
    return answer;
  };
  const release = async () => {
    await call("POST", "/_emulator/release");
  };
  return {
    ledger: async () => (await call("GET", "/_emulator/ledger")) as Ledger,
    authenticate: async (paymentIntentId, outcome) => {
      const path = `/_emulator/payment_intents/${encodeURIComponent(paymentIntentId)}/authenticate`;
      await call("POST", path, { outcome });
    },
    hold: async () => {
      await call("POST", "/_emulator/hold");
      return { release };
    },
    release,
  };
}
