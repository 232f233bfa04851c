import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <div className="narrow status-page">
      <p className="eyebrow">Error 404</p>
      <h1>We could not find that page</h1>
      <p className="lede">
        The ticket or order may have been removed, or the address may be mistyped.
      </p>
      <p>
        <Link href="/" className="button button-primary" prefetch={false}>
          Browse tickets
        </Link>
      </p>
    </div>
  );
}
