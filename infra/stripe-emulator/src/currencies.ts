interface Currency {
  /** Stripe's minimum charge, in the currency's smallest unit. */
  minimum: number;
  /** Zero-decimal currencies (JPY) count whole units. */
  decimals: 0 | 2;
  symbol: string;
}

// A few of the currencies Stripe supports, with Stripe's minimum charge amounts; enough for a
// marketplace in dollars. Others are refused as Stripe refuses a code it does not know.
const CURRENCIES: Readonly<Record<string, Currency>> = {
  usd: { minimum: 50, decimals: 2, symbol: "$" },
  cad: { minimum: 50, decimals: 2, symbol: "$" },
  aud: { minimum: 50, decimals: 2, symbol: "$" },
  eur: { minimum: 50, decimals: 2, symbol: "€" },
  gbp: { minimum: 30, decimals: 2, symbol: "£" },
  chf: { minimum: 50, decimals: 2, symbol: "CHF " },
  jpy: { minimum: 50, decimals: 0, symbol: "¥" },
};

/** Stripe's ceiling on one charge: 99,999,999 in the smallest unit. */
export const MAXIMUM_AMOUNT = 99_999_999;

export const supportedCurrencies = Object.keys(CURRENCIES);

export function currencyOf(code: string): Currency | undefined {
  return Object.hasOwn(CURRENCIES, code) ? CURRENCIES[code] : undefined;
}

/** `$0.50`, `¥50`: amounts in Stripe's messages. */
export function formatAmount(amount: number, code: string): string {
  const currency = currencyOf(code) ?? { decimals: 2, symbol: "" };
  const units = amount / 10 ** currency.decimals;
  return `${currency.symbol}${units.toLocaleString("en-US", {
    minimumFractionDigits: currency.decimals,
    maximumFractionDigits: currency.decimals,
  })}`;
}
