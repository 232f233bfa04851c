import type { Pool } from "@microtickets/common";
import type { FairSalesLimits } from "./domain/fair-sales.js";

/** What the routes need, built once in index.ts (or by a test). */
export interface OrdersDeps {
  db: Pool;
  /** The current time, injected so tests control the lock. */
  clock: () => Date;
  /** How long a new order locks its ticket. */
  lockSeconds: number;
  /** How long past `expiresAt` a payment accepted in time may keep an order. */
  holdSeconds: number;
  /** How long a buyer's cancellation waits for a payment being charged to end. */
  cancelWaitMs: number;
  /** How many open orders and order attempts one buyer may have (fair sales). */
  fairSales: FairSalesLimits;
}
