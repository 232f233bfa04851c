import { ORDER_STATUS_LABELS, type OrderStatus, type TicketStatus } from "../lib/catalog";

/** A ticket's status in the contract's words, with colour and a shape so colour is not the only cue. */
export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {status}
    </span>
  );
}

export function OrderStatusBadge({ status, large }: { status: OrderStatus; large?: boolean }) {
  const tone = status === "awaiting:payment" ? "awaiting" : status;
  return (
    <span
      className={`badge badge-order-${tone}${large ? " badge-large" : ""}`}
      data-status={status}
    >
      <span className="badge-dot" aria-hidden="true" />
      {ORDER_STATUS_LABELS[status]}
    </span>
  );
}
