import { randomUUID } from "node:crypto";
import type { User } from "@microtickets/auth/api";

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A user of the storefront API, speaking only HTTP to the gateway, cookie and all. */
export class ApiClient {
  cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: res.headers,
    };
  }

  /** Signs up a fresh user and keeps their session cookie. */
  async signUp(): Promise<User> {
    const email = `fan-${randomUUID()}@example.com`;
    const res = await fetch(`${this.baseUrl}/api/users/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password: "password1" }),
    });
    if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    return (await res.json()) as User;
  }
}

export type { OrderJson as Order } from "@microtickets/orders/api";
export type { PaymentJson as Payment } from "@microtickets/payments/api";
export type { TicketJson as Ticket } from "@microtickets/tickets/api";
