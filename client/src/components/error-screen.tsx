"use client";

import { usePathname, useSearchParams } from "next/navigation";

function isBackendUnavailable(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "digest" in error &&
    (error as { digest?: unknown }).digest === "BACKEND_UNAVAILABLE"
  );
}

/**
 * What a visitor sees when a page cannot be shown. The Retry button re-renders the page with
 * JavaScript, and is a plain reload of the same address without it.
 */
export function ErrorScreen({ error, retry }: { error: unknown; retry: () => void }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const unavailable = isBackendUnavailable(error);
  return (
    <div className="narrow status-page">
      <p className="eyebrow">{unavailable ? "Service unavailable" : "Something went wrong"}</p>
      <h1>{unavailable ? "The service is unavailable" : "This page could not be shown"}</h1>
      <p className="lede">
        {unavailable
          ? "We cannot reach the ticket service right now. Nothing you did was lost or charged twice; please try again in a moment."
          : "Something went wrong on our side. Please try again; if it keeps happening, come back a little later."}
      </p>
      <form
        method="get"
        action={pathname}
        onSubmit={(event) => {
          event.preventDefault();
          retry();
        }}
      >
        {Array.from(search.entries()).map(([name, value]) => (
          <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="button button-primary">
          Retry
        </button>
      </form>
    </div>
  );
}
