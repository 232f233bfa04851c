import Link from "next/link";
import { signOut } from "../actions/account";
import { currentUser } from "../server/session";

/** Every page's header: where to go, and who is signed in (or the way to sign in). */
export async function SiteHeader() {
  const visitor = await currentUser();
  const user = visitor.known ? visitor.user : null;
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link href="/" className="brand" prefetch={false}>
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          microtickets
        </Link>
        <nav aria-label="Main" className="site-nav">
          <ul>
            <li>
              <Link href="/" prefetch={false}>
                Browse
              </Link>
            </li>
            <li>
              <Link href="/tickets/new" prefetch={false}>
                Sell a ticket
              </Link>
            </li>
            {user ? (
              <>
                <li>
                  <Link href="/orders" prefetch={false}>
                    My orders
                  </Link>
                </li>
                <li>
                  <Link href="/listings" prefetch={false}>
                    My listings
                  </Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
        <div className="account">
          {user ? (
            <>
              <span className="account-email" title={user.email}>
                {user.email}
              </span>
              <form action={signOut}>
                <button type="submit" className="button button-secondary button-small">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <>
              <Link href="/signin" className="button button-ghost button-small" prefetch={false}>
                Sign in
              </Link>
              <Link href="/signup" className="button button-primary button-small" prefetch={false}>
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
