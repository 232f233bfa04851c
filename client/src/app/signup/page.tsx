import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountForm } from "../../components/account-form";
import { safeReturnPath, signInPath } from "../../lib/return-path";
import { type SearchParams, single } from "../../lib/search-params";
import { currentUser } from "../../server/session";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const next = safeReturnPath(single(await searchParams, "next"));
  const visitor = await currentUser();
  if (visitor.known && visitor.user) redirect(next);
  return (
    <div className="narrow page-stack">
      <div className="page-head">
        <h1>Create your account</h1>
        <p className="lede">Buy tickets from fans, or sell the ones you can no longer use.</p>
      </div>
      <div className="panel">
        <AccountForm mode="signup" next={next} />
      </div>
      <p className="aside">
        Been here before?{" "}
        <Link href={signInPath(next)} prefetch={false}>
          Use your existing account
        </Link>
      </p>
    </div>
  );
}
