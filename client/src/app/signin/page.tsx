import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountForm } from "../../components/account-form";
import { safeReturnPath } from "../../lib/return-path";
import { type SearchParams, single } from "../../lib/search-params";
import { currentUser } from "../../server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const next = safeReturnPath(single(await searchParams, "next"));
  const visitor = await currentUser();
  if (visitor.known && visitor.user) redirect(next);
  const signUpHref = next === "/" ? "/signup" : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <div className="narrow page-stack">
      <div className="page-head">
        <h1>Sign in</h1>
        {next !== "/" ? <p className="lede">Sign in to continue where you were.</p> : null}
      </div>
      <div className="panel">
        <AccountForm mode="signin" next={next} />
      </div>
      <p className="aside">
        New here?{" "}
        <Link href={signUpHref} prefetch={false}>
          Create an account
        </Link>
      </p>
    </div>
  );
}
