import type { NextConfig } from "next";

// Telemetry is off: the launcher and the image set NEXT_TELEMETRY_DISABLED=1 for `next build`
// and the server (a storefront makes no request outside the deployment).

const SECURITY_HEADERS = [
  // No one may frame the storefront (clickjacking a "Pay" button).
  {
    key: "Content-Security-Policy",
    value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(self)" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const config: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // No remote image loaders: nothing is fetched from outside the deployment.
  images: { unoptimized: true },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default config;
