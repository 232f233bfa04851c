import type { Metadata } from "next";
import Link from "next/link";
import { ServiceUnavailable } from "../../components/service-unavailable";
import { OrderStatusBadge } from "../../components/status-badge";
import { isOpenOrder, ORDER_STATUS_HINTS, type Order } from "../../lib/catalog";
import { formatShortTime } from "../../lib/event-time";
import { formatPrice } from "../../lib/money";
import { apiGet } from "../../server/api";
import { storefrontConfig } from "../../server/config";
import { requireUser } from "../../server/session";

export const metadata: Metadata = { title: "My orders" };

export default async function OrdersPage() {
  const user = await requireUser("/orders");
  const read = user && (await apiGet<Order[]>("/api/orders", { returnTo: "/orders" }));
  if (!read) return <ServiceUnavailable />;
  const orders = Array.isArray(read.data) ? read.data : [];
  const { timeZone } = storefrontConfig();
  const now = Date.now();

  return (
    <>
      <div className="page-head">
        <h1>My orders</h1>
        <p className="lede">
          Newest first. An order holds its ticket for you until you pay or its time runs out.
        </p>
      </div>
      {orders.length === 0 ? (
        <div className="empty">
          <p>You have not ordered anything yet.</p>
          <Link href="/" prefetch={false}>
            Find tickets
          </Link>
        </div>
      ) : (
        <ul className="row-list">
          {orders.map((order) => (
            <li key={order.id} className="row">
              <div className="row-main">
                <Link href={`/orders/${order.id}`} prefetch={false} className="row-title">
                  {order.ticket.title}
                </Link>
                <p className="muted row-hint">
                  {isOpenOrder(order.status) && Date.parse(order.expiresAt) > now
                    ? `Held until ${formatShortTime(order.expiresAt, timeZone)}.`
                    : ORDER_STATUS_HINTS[order.status]}
                </p>
              </div>
              <span className="row-price">{formatPrice(order.ticket.price)}</span>
              <OrderStatusBadge status={order.status} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
