export const dynamic = "force-dynamic";

/** Liveness: the server answers. */
export function GET(): Response {
  return new Response("ok", {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
