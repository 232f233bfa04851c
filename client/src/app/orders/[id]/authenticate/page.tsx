import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { answerAuthentication } from "../../../../actions/payments";
import { ServiceUnavailable } from "../../../../components/service-unavailable";
import { isOpenOrder } from "../../../../lib/catalog";
import { formatPrice } from "../../../../lib/money";
import { PAYMENT_INTENT } from "../../../../lib/pending-authentication";
import { type SearchParams, single } from "../../../../lib/search-params";
import { storefrontConfig } from "../../../../server/config";
import { orderById } from "../../../../server/page-reads";
import { requireUser } from "../../../../server/session";

export const metadata: Metadata = { title: "Confirm your payment" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

/**
 * The emulator's stand-in for the bank's 3-D Secure page, as Stripe's own test page is: the
 * buyer completes or fails the authentication. Only with the emulator (STRIPE_API_BASE).
 */
export default async function AuthenticatePage({ params, searchParams }: Props) {
  const { id } = await params;
  const intent = single(await searchParams, "intent");
  if (storefrontConfig().stripeApiBase === undefined) notFound();
  if (intent === undefined || !PAYMENT_INTENT.test(intent)) notFound();
  const returnTo = `/orders/${id}/authenticate?intent=${encodeURIComponent(intent)}`;
  const user = await requireUser(returnTo);
  const order = user && (await orderById(id, returnTo));
  if (!order) return <ServiceUnavailable keep={{ intent }} />;
  const waiting = isOpenOrder(order.status);

  return (
    <div className="narrow page-stack">
      <div className="page-head">
        <p className="eyebrow">Test authentication</p>
        <h1>Confirm your payment</h1>
        <p className="lede">
          Your bank asks you to confirm a payment of {formatPrice(order.ticket.price)} for{" "}
          {order.ticket.title}. This is a test page: no bank is involved.
        </p>
      </div>
      {waiting ? (
        <form action={answerAuthentication} className="panel stack">
          <input type="hidden" name="orderId" value={order.id} />
          <input type="hidden" name="intent" value={intent} />
          <div className="actions">
            <button type="submit" name="outcome" value="succeed" className="button button-primary">
              Complete authentication
            </button>
            <button type="submit" name="outcome" value="fail" className="button button-secondary">
              Fail authentication
            </button>
          </div>
        </form>
      ) : (
        <p className="notice">There is nothing to confirm for this order any more.</p>
      )}
      <p className="aside">
        <Link href={`/orders/${order.id}`} prefetch={false}>
          Back to the order
        </Link>
      </p>
    </div>
  );
}
