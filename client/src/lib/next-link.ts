/**
 * The API pages with `Link: </api/tickets?limit=50&cursor=…&q=…>; rel="next"`. The storefront
 * turns that into its own page's URL (`/?q=…&category=…&cursor=…`): the browser never sees an
 * API URL, and the filters survive from page to page.
 */

/** The `rel="next"` target of a Link header (RFC 8288), or null when there is none. */
export function nextLinkTarget(linkHeader: string | null | undefined): string | null {
  if (!linkHeader) return null;
  for (const link of linkHeader.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (!match) continue;
    const [, target = "", params = ""] = match;
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(params);
    const rel = (rels?.[1] ?? rels?.[2] ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("next")) return target;
  }
  return null;
}

/**
 * The storefront URL of the next page: `basePath` with the API's cursor and the `kept` filters,
 * each taken from the API's link or, should the link omit it, from the page being shown.
 * Null on the last page.
 */
export function storefrontNextHref(
  linkHeader: string | null | undefined,
  basePath: string,
  kept: Readonly<Record<string, string | undefined>>,
): string | null {
  const target = nextLinkTarget(linkHeader);
  if (target === null) return null;
  let apiQuery: URLSearchParams;
  try {
    apiQuery = new URL(target, "http://api.invalid").searchParams;
  } catch {
    return null;
  }
  const cursor = apiQuery.get("cursor");
  if (!cursor) return null;

  const query = new URLSearchParams();
  for (const [name, current] of Object.entries(kept)) {
    const value = apiQuery.get(name) ?? current;
    if (value) query.set(name, value);
  }
  query.set("cursor", cursor);
  return `${basePath}?${query}`;
}
