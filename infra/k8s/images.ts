// The images we do not build, pinned: an upgrade is a reviewed change here, never a pull of
// whatever a moving tag points at today.
export const THIRD_PARTY_IMAGES = {
  nats: "nats:2.10.24-alpine",
  postgres: "postgres:16.6-bookworm",
  redis: "redis:7.4.1-bookworm",
  /** The operand CloudNativePG runs each prod instance with. */
  cloudnativePg: "ghcr.io/cloudnative-pg/postgresql:16.6",
} as const;
