import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { AutoRefresh } from "../../../components/auto-refresh";
import { CancelOrderForm } from "../../../components/cancel-order-form";
import { Countdown } from "../../../components/countdown";
import { ServiceUnavailable } from "../../../components/service-unavailable";
import { OrderStatusBadge } from "../../../components/status-badge";
import { StripePayForm } from "../../../components/stripe-pay-form";
import { TestCardPayForm } from "../../../components/test-card-pay-form";
import { isOpenOrder, ORDER_STATUS_HINTS } from "../../../lib/catalog";
import { formatPrice } from "../../../lib/money";
import {
  authenticatePath,
  PAYMENT_INTENT,
  pendingAuthenticationCookie,
} from "../../../lib/pending-authentication";
import { type SearchParams, single } from "../../../lib/search-params";
import { storefrontConfig } from "../../../server/config";
import { orderById } from "../../../server/page-reads";
import { requireUser } from "../../../server/session";

export const metadata: Metadata = { title: "Your order" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default async function OrderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const returnTo = `/orders/${id}`;
  const user = await requireUser(returnTo);
  const order = user && (await orderById(id, returnTo));
  if (!order) return <ServiceUnavailable keep={{ payment: single(query, "payment") }} />;
  const { stripePublishableKey } = storefrontConfig();

  // The server's clock decides what is still open; the countdown starts from this same instant.
  const now = Date.now();
  const open = isOpenOrder(order.status);
  const timeLeft = open && Date.parse(order.expiresAt) > now;
  const amount = formatPrice(order.ticket.price);
  const paymentAccepted = single(query, "payment") === "accepted" && order.status !== "complete";
  const authentication = single(query, "authentication");
  const pendingIntent = (await cookies()).get(pendingAuthenticationCookie(order.id))?.value;

  return (
    <div className="narrow page-stack">
      <div className="page-head">
        <p className="eyebrow">Order</p>
        <h1>{order.ticket.title}</h1>
      </div>

      <section className="panel order-summary" aria-labelledby="order-status-heading">
        <h2 id="order-status-heading" className="visually-hidden">
          Status
        </h2>
        <div className="order-status-row">
          <OrderStatusBadge status={order.status} large />
          <span className="price-large">{amount}</span>
        </div>
        <p className="muted">{ORDER_STATUS_HINTS[order.status]}</p>
        {open ? <Countdown expiresAt={order.expiresAt} serverNow={now} /> : null}
        {open && !timeLeft ? <p className="notice">Time is up. Closing the order…</p> : null}
        <p>
          <Link href={`/tickets/${order.ticket.id}`} prefetch={false}>
            View the ticket
          </Link>
        </p>
      </section>

      {authentication === "failed" && order.status === "created" ? (
        <div role="alert" className="alert alert-error">
          Authentication failed, so the payment was not taken. You can try again or use another
          card.
        </div>
      ) : null}
      {authentication === "unavailable" ? (
        <div role="alert" className="alert alert-error">
          The test authentication service did not answer. Please try again.
        </div>
      ) : null}

      {paymentAccepted || order.status === "awaiting:payment" ? (
        <>
          <AutoRefresh />
          <p className="notice" role="status">
            {paymentAccepted
              ? "Payment received. Confirming your order…"
              : "Waiting for your bank to confirm the payment. This page updates by itself."}
          </p>
        </>
      ) : null}

      {order.status === "awaiting:payment" &&
      pendingIntent &&
      PAYMENT_INTENT.test(pendingIntent) ? (
        <p>
          <Link href={authenticatePath(order.id, pendingIntent)} className="button button-primary">
            Continue to authentication
          </Link>
        </p>
      ) : null}

      {order.status === "created" && timeLeft && !paymentAccepted ? (
        <section className="panel" aria-labelledby="pay-heading">
          <h2 id="pay-heading">Payment</h2>
          {stripePublishableKey ? (
            <StripePayForm
              publishableKey={stripePublishableKey}
              orderId={order.id}
              idempotencyKey={randomUUID()}
              amount={amount}
            />
          ) : (
            <TestCardPayForm orderId={order.id} idempotencyKey={randomUUID()} amount={amount} />
          )}
        </section>
      ) : null}

      {open && timeLeft ? (
        <section className="cancel-section" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading" className="visually-hidden">
            Changed your mind?
          </h2>
          <CancelOrderForm orderId={order.id} />
        </section>
      ) : null}

      <p className="aside">
        <Link href="/orders" prefetch={false}>
          All your orders
        </Link>
      </p>
    </div>
  );
}
