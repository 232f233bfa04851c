import { describe, expect, it } from "vitest";
import { errorItemsFrom, formErrorsFrom, retryAfterText, UNAVAILABLE_MESSAGE } from "./api-errors";

const TICKET_FIELDS = {
  title: "title",
  price: "price",
  category: "category",
  venue: "venue",
  startsAt: "date",
};

describe("errorItemsFrom", () => {
  it("reads the error shape", () => {
    const body = { errors: [{ message: "Title is required", field: "title" }, { message: "No" }] };
    expect(errorItemsFrom(body, 400)).toEqual([
      { message: "Title is required", field: "title" },
      { message: "No" },
    ]);
  });

  it("falls back to a message for the status when the body is not the shape", () => {
    expect(errorItemsFrom("<html>", 402)).toEqual([{ message: "The payment was declined" }]);
    expect(errorItemsFrom({ errors: [{ field: "x" }] }, 409)[0]?.message).toMatch(/conflicts/);
    expect(errorItemsFrom(null, 502)).toEqual([{ message: UNAVAILABLE_MESSAGE }]);
  });
});

describe("formErrorsFrom", () => {
  it("puts a field's message on the form's field, renamed where the form calls it otherwise", () => {
    const errors = formErrorsFrom(
      [
        { message: "Price must be at least 0.50", field: "price" },
        { message: "The date must be in the future", field: "startsAt" },
      ],
      TICKET_FIELDS,
    );
    expect(errors).toEqual({
      fields: { price: "Price must be at least 0.50", date: "The date must be in the future" },
      alert: null,
    });
  });

  it("sends errors without a field, or for a field the form lacks, to the alert", () => {
    const errors = formErrorsFrom(
      [
        { message: "Ticket is reserved" },
        { message: "Limit too big", field: "limit" },
        { message: "Ticket is reserved" },
      ],
      TICKET_FIELDS,
    );
    expect(errors).toEqual({ fields: {}, alert: "Ticket is reserved Limit too big" });
  });

  it("keeps the first message of a field", () => {
    const errors = formErrorsFrom(
      [
        { message: "Email is invalid", field: "email" },
        { message: "Email is too long", field: "email" },
      ],
      { email: "email" },
    );
    expect(errors.fields).toEqual({ email: "Email is invalid" });
  });
});

describe("retryAfterText", () => {
  it("words a Retry-After in seconds", () => {
    expect(retryAfterText("1")).toBe("Try again in 1 second.");
    expect(retryAfterText("45")).toBe("Try again in 45 seconds.");
    expect(retryAfterText("61")).toBe("Try again in 2 minutes.");
    expect(retryAfterText(null)).toBeNull();
    expect(retryAfterText("Wed, 21 Oct 2015 07:28:00 GMT")).toBeNull();
  });
});
