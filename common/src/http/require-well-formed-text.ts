import type { RequestHandler } from "express";
import { ValidationError } from "../errors/index.js";

// With the u flag a surrogate pair is one code point, so only an unpaired half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** NUL is a character, but not one PostgreSQL's text can hold. */
const unstorable = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);

/**
 * Where in a parsed JSON value a string (or a key) is not text we can keep: `"\ud800"` is valid
 * JSON but no character, and libraries that encode it (validator's isEmail, encodeURI) throw
 * on it; `"\u0000"` is a character PostgreSQL refuses to store. Undefined when all are fine.
 */
export function illFormedTextAt(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return unstorable(value) ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (unstorable(key)) return path || "body";
    const found = illFormedTextAt(child, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A body with such a string anywhere is a 400 naming the field, before any route sees it. */
export const requireWellFormedText: RequestHandler = (req, _res, next) => {
  const at = illFormedTextAt(req.body);
  if (at !== undefined) {
    throw ValidationError.field(
      at || "body",
      "Must be text without NUL characters or unpaired surrogates",
    );
  }
  next();
};
