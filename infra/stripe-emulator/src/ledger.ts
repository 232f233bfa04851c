/** Money that moved: a successful charge. Tests assert "charged once" on these. */
export interface LedgerCharge {
  id: string;
  paymentIntent: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  /** Unix seconds, like Stripe's `created`. */
  created: number;
}

export interface LedgerRefund {
  id: string;
  paymentIntent: string;
  charge: string;
  amount: number;
  created: number;
}

export interface Ledger {
  charges: LedgerCharge[];
  refunds: LedgerRefund[];
}

/** The record of every charge and refund, in order; only copies leave it. */
export class LedgerBook {
  readonly #charges: LedgerCharge[] = [];
  readonly #refunds: LedgerRefund[] = [];

  recordCharge(charge: LedgerCharge): void {
    this.#charges.push(structuredClone(charge));
  }

  recordRefund(refund: LedgerRefund): void {
    this.#refunds.push(structuredClone(refund));
  }

  get chargeCount(): number {
    return this.#charges.length;
  }

  snapshot(): Ledger {
    return { charges: structuredClone(this.#charges), refunds: structuredClone(this.#refunds) };
  }
}
