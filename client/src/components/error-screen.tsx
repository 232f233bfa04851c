"use client";

import { usePathname, useSearchParams } from "next/navigation";

/**
 * What a visitor sees when a page fails in a way no page foresaw (the backend being down is
 * foreseen: see ServiceUnavailable). The Retry button re-renders the page with JavaScript, and
 * is a plain request for the same address without it. Never the error itself.
 */
export function ErrorScreen({ retry }: { retry: () => void }) {
  const pathname = usePathname();
  const search = useSearchParams();
  return (
    <div className="narrow status-page">
      <p className="eyebrow">Something went wrong</p>
      <h1>This page could not be shown</h1>
      <p className="lede">
        Something went wrong on our side, or the service is unavailable right now. Nothing you did
        was charged twice; please try again in a moment.
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
