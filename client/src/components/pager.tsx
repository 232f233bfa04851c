import Link from "next/link";

/** A listing's pages: back to the first while on a later one, and on while there are more. */
export function Pager({ firstHref, nextHref }: { firstHref?: string; nextHref: string | null }) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav aria-label="Pages" className="pager">
      {firstHref ? (
        <Link href={firstHref} prefetch={false}>
          First page
        </Link>
      ) : null}
      {nextHref ? (
        <Link href={nextHref} prefetch={false} className="button button-secondary">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
