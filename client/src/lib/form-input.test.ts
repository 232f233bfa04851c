import { describe, expect, it } from "vitest";
import { isUuid, textField, uuidField } from "./form-input";

function form(entries: [string, string | Blob][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("form input", () => {
  it("reads a single text field within its length", () => {
    expect(textField(form([["title", "Jazz night"]]), "title", 200)).toBe("Jazz night");
    expect(textField(form([["title", "x".repeat(201)]]), "title", 200)).toBeUndefined();
  });

  it("refuses a missing, repeated or file field", () => {
    expect(textField(form([]), "title", 10)).toBeUndefined();
    expect(
      textField(
        form([
          ["title", "a"],
          ["title", "b"],
        ]),
        "title",
        10,
      ),
    ).toBeUndefined();
    expect(textField(form([["title", new Blob(["a"])]]), "title", 10)).toBeUndefined();
  });

  it("reads UUIDs only", () => {
    const id = "7B1C2D3E-0000-4000-8000-000000000001";
    expect(uuidField(form([["ticketId", id]]), "ticketId")).toBe(id.toLowerCase());
    expect(uuidField(form([["ticketId", "../../admin"]]), "ticketId")).toBeUndefined();
    expect(isUuid("7b1c")).toBe(false);
  });
});
