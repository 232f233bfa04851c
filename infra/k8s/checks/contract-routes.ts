/** The public paths and the Service port behind each (the design's Traffic section). */
export const CONTRACT_ROUTES: readonly { path: string; service: string; port: number }[] = [
  { path: "/api/users", service: "auth", port: 4001 },
  { path: "/api/tickets", service: "tickets", port: 4002 },
  { path: "/api/orders", service: "orders", port: 4003 },
  { path: "/api/payments", service: "payments", port: 4005 },
  { path: "/", service: "client", port: 3000 },
];

/** Server-Sent Events: a response that never ends, so the gateway must not time it out. */
export const LIVE_UPDATES = { path: "/api/tickets/updates", service: "tickets", port: 4002 };
