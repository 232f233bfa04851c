import { UNAVAILABLE_MESSAGE } from "../lib/api-errors";

/**
 * The page a visitor gets while the backend cannot answer: rendered on the server like any
 * page (it works without JavaScript), with a Retry button that asks for the same page again
 * (`keep`: the query parameters to ask with).
 */
export function ServiceUnavailable({ keep = {} }: { keep?: Record<string, string | undefined> }) {
  return (
    <div className="narrow status-page">
      <p className="eyebrow">Service unavailable</p>
      <h1>The service is unavailable</h1>
      <p className="lede">{UNAVAILABLE_MESSAGE}</p>
      {/* No action: a GET form goes back to this page's own path. */}
      <form method="get">
        {Object.entries(keep).map(([name, value]) =>
          value ? <input key={name} type="hidden" name={name} value={value} /> : null,
        )}
        <button type="submit" className="button button-primary">
          Retry
        </button>
      </form>
    </div>
  );
}
