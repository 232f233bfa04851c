import { isCategory } from "./catalog";

/** A page's `searchParams`: a repeated parameter is an array, a missing one undefined. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One value of a query parameter; a repeated or missing one is undefined. */
export function single(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

/** A cursor the API gave: opaque, URL-safe text of bounded length. */
export function cursorParam(params: SearchParams): string | undefined {
  const cursor = single(params, "cursor");
  return cursor && /^[\w.~=+/-]{1,1024}$/.test(cursor) ? cursor : undefined;
}

export interface ListingFilters {
  q: string | undefined;
  category: string | undefined;
}

/** The listing's search: words (1–100 characters, as the API takes them) and a category. */
export function listingFilters(params: SearchParams): ListingFilters {
  const q = single(params, "q")?.trim().replace(/\s+/g, " ").slice(0, 100) || undefined;
  const category = single(params, "category");
  return { q, category: isCategory(category) ? category : undefined };
}
