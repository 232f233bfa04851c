import { describe, expect, it } from "vitest";
import {
  apiPriceToCents,
  centsToApiPrice,
  formatCents,
  formatPrice,
  parsePriceInput,
  priceInputText,
} from "./money";

describe("parsePriceInput", () => {
  it.each([
    ["42", 4200],
    ["42.5", 4250],
    ["42.50", 4250],
    [" 42.50 ", 4250],
    ["$42.50", 4250],
    [".50", 50],
    ["0.57", 57],
    ["1,234.56", 123456],
    ["999999.99", 99_999_999],
    ["$999,999.99", 99_999_999],
  ])("reads %j as %i cents exactly", (text, cents) => {
    expect(parsePriceInput(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ["", "Enter a price"],
    ["abc", "Enter a price in dollars, like 42.50"],
    ["42.505", "Enter a price in dollars, like 42.50"],
    ["-5", "Enter a price in dollars, like 42.50"],
    ["1e3", "Enter a price in dollars, like 42.50"],
    ["12,50", "Enter a price in dollars, like 42.50"],
    ["0.49", "The price must be at least $0.50"],
    ["1000000", "The price can be at most $999,999.99"],
    ["99999999999999", "The price can be at most $999,999.99"],
  ])("refuses %j with %j", (text, message) => {
    expect(parsePriceInput(text)).toEqual({ ok: false, message });
  });
});

describe("API prices", () => {
  it("converts the API's dollars to cents through the decimal text", () => {
    expect(apiPriceToCents(0.57)).toBe(57);
    expect(apiPriceToCents(19.99)).toBe(1999);
    expect(apiPriceToCents(42.5)).toBe(4250);
    expect(apiPriceToCents(999999.99)).toBe(99_999_999);
    expect(apiPriceToCents(1e-7)).toBeNaN();
  });

  it("round-trips every cent value through the JSON number", () => {
    for (const cents of [50, 57, 1999, 4250, 10_001, 99_999_999]) {
      const sent = JSON.parse(JSON.stringify({ price: centsToApiPrice(cents) })) as {
        price: number;
      };
      expect(apiPriceToCents(sent.price)).toBe(cents);
    }
  });
});

describe("formatting", () => {
  it("shows US dollars with two decimals and thousands separators", () => {
    expect(formatCents(4250)).toBe("$42.50");
    expect(formatCents(50)).toBe("$0.50");
    expect(formatCents(99_999_999)).toBe("$999,999.99");
    expect(formatCents(123_456_700)).toBe("$1,234,567.00");
    expect(formatPrice(42.5)).toBe("$42.50");
    expect(formatPrice(1000)).toBe("$1,000.00");
  });

  it("shows a dash for a value that is not a price rather than a wrong amount", () => {
    expect(formatCents(Number.NaN)).toBe("—");
    expect(formatPrice(1e-7)).toBe("—");
  });

  it("prefills a price field without symbol or separators", () => {
    expect(priceInputText(42.5)).toBe("42.50");
    expect(priceInputText(1234)).toBe("1234.00");
  });
});
