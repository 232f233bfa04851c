import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import Stripe from "stripe";

export const TEST_WEBHOOK_SECRET = "whsec_emulator_test";

/** One POST the emulator made, as it arrived, and how the receiver answered it. */
export interface WebhookDelivery {
  body: string;
  signature: string;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every attempt, in arrival order. */
  deliveries: WebhookDelivery[];
  /** The events accepted: signature verified by the SDK, answered 200. */
  events: Stripe.Event[];
  /** Answers the next `count` deliveries with 500, as a receiver that is down would. */
  failNext(count: number): void;
  /** The first accepted event of `type` about `objectId`, now or when it arrives. */
  received(type: string, objectId?: string): Promise<Stripe.Event>;
  close(): Promise<void>;
}

// Only its webhook helpers are used: the key is never sent anywhere.
const webhooks = new Stripe("sk_test_receiver").webhooks;

/** A payments-service stand-in: verifies each delivery with `stripe.webhooks.constructEvent`. */
export async function startWebhookReceiver(secret = TEST_WEBHOOK_SECRET): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  const events: Stripe.Event[] = [];
  const waiting: Array<{
    matches: (event: Stripe.Event) => boolean;
    resolve: (event: Stripe.Event) => void;
  }> = [];
  let failures = 0;

  const accept = (body: string, signature: string): number => {
    if (failures > 0) {
      failures--;
      return 500;
    }
    let event: Stripe.Event;
    try {
      event = webhooks.constructEvent(body, signature, secret);
    } catch {
      return 400;
    }
    events.push(event);
    for (const waiter of waiting.filter((candidate) => candidate.matches(event))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(event);
    }
    return 200;
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const signature = req.headers["stripe-signature"];
    const status = typeof signature === "string" ? accept(body, signature) : 400;
    deliveries.push({ body, signature: String(signature), status });
    res.writeHead(status).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("receiver not listening");

  const matcher = (type: string, objectId?: string) => (event: Stripe.Event) =>
    event.type === type &&
    (objectId === undefined || (event.data.object as { id?: string }).id === objectId);

  return {
    url: `http://127.0.0.1:${address.port}/webhooks/stripe`,
    deliveries,
    events,
    failNext: (count) => {
      failures = count;
    },
    received: (type, objectId) => {
      const matches = matcher(type, objectId);
      const already = events.find(matches);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ matches, resolve }));
    },
    close: async () => {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
