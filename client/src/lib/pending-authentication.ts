/**
 * While a payment waits for 3-D Secure, the storefront remembers the PaymentIntent in a cookie
 * scoped to the order's page, so a buyer who leaves the test authentication page can find it
 * again from the order (the order itself does not name its payment).
 */

export const PAYMENT_INTENT = /^pi_\w{1,250}$/;

export function pendingAuthenticationCookie(orderId: string): string {
  return `mt_3ds_${orderId.replaceAll("-", "")}`;
}

export function authenticatePath(orderId: string, intentId: string): string {
  return `/orders/${orderId}/authenticate?intent=${encodeURIComponent(intentId)}`;
}
