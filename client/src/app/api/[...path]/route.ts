export const dynamic = "force-dynamic";

/**
 * `/api/*` paths no API serves. Under `npm start` the gateway answers them; in a cluster the
 * ingress sends every path outside the four APIs here, and the contract's answer is still a
 * JSON 404 in the error shape, not the storefront's not-found page.
 */
function notFound(): Response {
  return Response.json(
    { errors: [{ message: "Not found" }] },
    { status: 404, headers: { "cache-control": "no-store" } },
  );
}

export {
  notFound as DELETE,
  notFound as GET,
  notFound as HEAD,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
