import { describe, expect, it } from "vitest";
import { readTicketForm } from "./ticket-form";

const NOW = Date.parse("2026-06-01T12:00:00Z");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("readTicketForm", () => {
  it("builds the API's body, the date read in the storefront's zone", () => {
    const read = readTicketForm(
      form({
        title: "  Jazz night ",
        price: "42.50",
        category: "concerts",
        venue: "Blue Note",
        date: "2027-01-10T20:00",
      }),
      "Europe/Paris",
      NOW,
    );
    expect(read).toMatchObject({
      ok: true,
      body: {
        title: "Jazz night",
        price: 42.5,
        category: "concerts",
        venue: "Blue Note",
        startsAt: "2027-01-10T19:00:00.000Z",
      },
    });
  });

  it("leaves the date out when none is given", () => {
    const read = readTicketForm(
      form({ title: "A", price: "5", category: "other", venue: "", date: "" }),
      "UTC",
      NOW,
    );
    expect(read.ok && read.body.startsAt).toBeNull();
  });

  it("names every field that is wrong, keeping what was typed", () => {
    const read = readTicketForm(
      form({
        title: "",
        price: "0.10",
        category: "opera",
        venue: "v".repeat(201),
        date: "2020-01-01T10:00",
      }),
      "UTC",
      NOW,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.fields).toEqual({
      title: "Enter a title",
      price: "The price must be at least $0.50",
      category: "Choose a category",
      venue: "The venue can be at most 200 characters",
      date: "The date must be in the future",
    });
    expect(read.values.price).toBe("0.10");
  });

  it("treats missing fields (a hand-made POST) as empty", () => {
    const read = readTicketForm(new FormData(), "UTC", NOW);
    expect(read.ok).toBe(false);
  });
});
