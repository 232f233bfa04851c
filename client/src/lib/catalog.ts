/** What the API sends, as the storefront reads it; shapes from the contract. */

export const CATEGORIES = [
  { value: "concerts", label: "Concerts" },
  { value: "sports", label: "Sports" },
  { value: "theatre", label: "Theatre" },
  { value: "comedy", label: "Comedy" },
  { value: "festivals", label: "Festivals" },
  { value: "other", label: "Other" },
] as const;

export type Category = (typeof CATEGORIES)[number]["value"];

export function isCategory(value: unknown): value is Category {
  return CATEGORIES.some((category) => category.value === value);
}

export function categoryLabel(value: string): string {
  return CATEGORIES.find((category) => category.value === value)?.label ?? "Other";
}

export const TICKET_STATUSES = ["available", "reserved", "sold"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface Ticket {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId: string | null;
  status: TicketStatus;
  category: string;
  venue: string;
  startsAt: string | null;
}

export const ORDER_STATUSES = ["created", "awaiting:payment", "complete", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  id: string;
  status: OrderStatus;
  userId: string;
  expiresAt: string;
  version: number;
  ticket: { id: string; title: string; price: number };
}

export interface User {
  id: string;
  email: string;
}

/** An order the buyer can still pay or cancel. */
export function isOpenOrder(status: OrderStatus): boolean {
  return status === "created" || status === "awaiting:payment";
}

/**
 * The order's status for people. A complete order says "Paid" (the contract's word); each is
 * shown with its hint below, which never repeats a status word (tests find them by text).
 */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  created: "Awaiting payment",
  "awaiting:payment": "Authentication needed",
  complete: "Paid",
  cancelled: "Cancelled",
};

export const ORDER_STATUS_HINTS: Record<OrderStatus, string> = {
  created: "The ticket is held for you until the timer runs out.",
  "awaiting:payment": "Your bank asked you to confirm the payment.",
  complete: "The payment went through; the ticket is yours.",
  cancelled: "The ticket was released and nothing was charged.",
};

/** A ticket as the live stream sends it, checked: the stream is input like any other. */
export function readTicketUpdate(
  data: unknown,
): Pick<Ticket, "id" | "status" | "price" | "version"> | null {
  if (typeof data !== "object" || data === null) return null;
  const { id, status, price, version } = data as Record<string, unknown>;
  if (typeof id !== "string" || typeof price !== "number" || typeof version !== "number") {
    return null;
  }
  if (!TICKET_STATUSES.includes(status as TicketStatus)) return null;
  return { id, status: status as TicketStatus, price, version };
}
