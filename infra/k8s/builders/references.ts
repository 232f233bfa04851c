// The Secrets and ConfigMaps the workloads read but no environment's manifests contain: prod's
// are made by the operator or by CloudNativePG (../external.ts), dev's by `npm run
// k8s:dev-secrets` (./dev-secrets.ts). One name each, here.

/** Key JWT_PRIVATE_KEY: auth's alone. */
export const SESSION_PRIVATE_KEY_SECRET = "auth-session-key";
/** Key JWT_PUBLIC_KEY: a ConfigMap, since a public key is no secret. */
export const SESSION_PUBLIC_KEY_CONFIGMAP = "session-public-key";
/** Keys STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET. */
export const STRIPE_SECRET = "payments-stripe";
/** Key STRIPE_PUBLISHABLE_KEY, optional: without it the storefront offers its test cards. */
export const STOREFRONT_STRIPE_CONFIGMAP = "storefront-stripe";
/** Dev's PostgreSQL superuser, which the init script creates the services' roles with. */
export const POSTGRES_SUPERUSER_SECRET = "postgres-superuser";

/** The CloudNativePG cluster of a service's database (prod), named so its secret is the next. */
export const databaseCluster = (service: string) => `${service}-db`;

/**
 * What CloudNativePG names the secret of a cluster's application user (`<cluster>-app`: keys
 * username, password, dbname, host, port, uri …); dev makes the same secrets itself.
 */
export const databaseSecret = (service: string) => `${databaseCluster(service)}-app`;
