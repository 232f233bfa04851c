export const dynamic = "force-dynamic";

/**
 * Readiness: the server is up and can render. Deliberately not the API's health: a storefront
 * whose backend is down still answers every page (with the "unavailable" page and a retry).
 */
export function GET(): Response {
  return new Response("ok", {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
