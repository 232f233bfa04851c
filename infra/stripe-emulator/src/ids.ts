import { randomInt } from "node:crypto";

const ALPHANUMERICS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The prefixes of the objects the emulator makes, as Stripe spells them. */
export type IdPrefix = "pi" | "ch" | "re" | "evt" | "req" | "pm" | "src";

function randomAlphanumerics(length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHANUMERICS[randomInt(ALPHANUMERICS.length)];
  return text;
}

/** `pi_` + 24 random alphanumerics: the shape of Stripe's ids (code may check the prefix). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomAlphanumerics(24)}`;
}

/** `pi_…_secret_…`: what Stripe.js would use to confirm the PaymentIntent in a browser. */
export function newClientSecret(paymentIntentId: string): string {
  return `${paymentIntentId}_secret_${randomAlphanumerics(25)}`;
}

/** Unix seconds, Stripe's `created`. */
export function unixSeconds(date: Date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}
