import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { Order, Ticket } from "../lib/catalog";
import { isUuid } from "../lib/form-input";
import { apiGet } from "./api";

/**
 * A ticket for its page, once per request (the title and the page share it); the not-found
 * page for an unknown one; undefined when tickets is unavailable.
 */
export const ticketById = cache(async (id: string): Promise<Ticket | undefined> => {
  // A malformed id is as unknown as a missing one, and not worth a request.
  if (!isUuid(id)) notFound();
  return (await apiGet<Ticket>(`/api/tickets/${id}`))?.data;
});

/** The signed-in buyer's order, once per request; 404 for an unknown or someone else's. */
export const orderById = cache(async (id: string, returnTo: string): Promise<Order | undefined> => {
  if (!isUuid(id)) notFound();
  return (await apiGet<Order>(`/api/orders/${id}`, { returnTo }))?.data;
});
