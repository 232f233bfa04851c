import Stripe from "stripe";

export const TEST_API_KEY = "sk_test_emulator";

/**
 * The official SDK pointed at an emulator, as the payments service points it: only the host
 * differs. No automatic retries unless asked, so a test sees each answer as it was sent.
 */
export function stripeFor(
  emulatorUrl: string,
  options: { maxNetworkRetries?: number; apiKey?: string } = {},
): Stripe {
  const url = new URL(emulatorUrl);
  return new Stripe(options.apiKey ?? TEST_API_KEY, {
    host: url.hostname,
    port: Number(url.port),
    protocol: "http",
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
  });
}

/** A form POST as any HTTP client would send it, for what the SDK would never send. */
export function postForm(
  emulatorUrl: string,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(new URL(path, emulatorUrl), {
    method: "POST",
    headers: {
      Authorization: `Bearer ${TEST_API_KEY}`,
      "Content-Type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
}

/** The `error` object of a Stripe error answer read without the SDK. */
export async function stripeErrorOf(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as { error?: Record<string, unknown> };
  if (!body.error) throw new Error(`not a Stripe error: ${JSON.stringify(body)}`);
  return body.error;
}
