import Link from "next/link";
import { signOut } from "../actions/account";
import { currentUser } from "../server/session";
import { NavLink } from "./nav-link";

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
              <NavLink href="/">Browse</NavLink>
            </li>
            <li>
              <NavLink href="/tickets/new">
                Sell<span className="nav-long"> a ticket</span>
              </NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink href="/orders">My orders</NavLink>
                </li>
                <li>
                  <NavLink href="/listings">My listings</NavLink>
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
