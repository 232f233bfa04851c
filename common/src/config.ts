import { createPublicKey } from "node:crypto";
import { z } from "zod";

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once, at start. A bad or missing variable stops the
 * service with one line naming it, instead of a failure much later.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path.join(".") || "environment";
  throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? "invalid"}`);
}

/** Building blocks for service configs. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  url: (protocols: string[]) =>
    z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ""));
        } catch {
          return false;
        }
      },
      { message: `must be a ${protocols.join(" or ")} URL` },
    ),
  /** PEM keys may arrive with literal "\n" when set through a one-line env file. */
  pem: (kind: string) =>
    z
      .string({ message: `must be a PEM ${kind} key` })
      .transform((value) => value.replace(/\\n/g, "\n"))
      .refine((value) => value.includes(`-----BEGIN ${kind} KEY-----`), {
        message: `must be a PEM ${kind} key`,
      }),
  /**
   * One or more PEM EdDSA public keys, concatenated (as in a CA bundle); empty for none. Each
   * must parse, so a broken key stops the service at start, named, not at the first request.
   */
  publicKeyBundle: () =>
    z
      .string()
      .transform((value) => value.replace(/\\n/g, "\n"))
      .refine(
        (value) => {
          const pems = publicKeyBlocks(value);
          return value.trim() === "" || (pems.length > 0 && pems.every(isEdDsaPublicKey));
        },
        {
          message: "must be PEM EdDSA public keys (-----BEGIN PUBLIC KEY-----), one after another",
        },
      ),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  nodeEnv: () => z.enum(["development", "test", "production"]).default("development"),
};

/**
 * What every service's configuration starts from; a service extends it with the parts it
 * uses (`databaseEnv`, `apiEnv`, `busEnv`, `redisEnv`) and its own variables. The kit
 * (`startService`) opens a connection for each part the configuration has.
 */
export const serviceConfig = (port: number) =>
  z.object({ PORT: env.port(port), NODE_ENV: env.nodeEnv() });

/** The service's own PostgreSQL database. */
export const databaseEnv = {
  DATABASE_URL: env.url(["postgres", "postgresql"]),
};

/** An HTTP API behind the gateway or an ingress, verifying the sessions auth signs. */
export const apiEnv = {
  JWT_PUBLIC_KEY: env.pem("PUBLIC"),
  /**
   * Auth's other public keys, accepted besides JWT_PUBLIC_KEY while a key is rotated: the next
   * one before auth signs with it, the previous one until the last token it signed expires.
   */
  SESSION_PUBLIC_KEYS: env.publicKeyBundle().optional(),
  /** Hops of proxies in front (gateway or ingress), so req.ip is the client's address. */
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(1),
};

/** Redis, with every key of the service under a prefix (`npm start` sets one per stack). */
export const redisEnv = (defaultPrefix: string) => ({
  REDIS_URL: env.url(["redis", "rediss"]),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.-]+(:[\w.-]+)*:?$/, 'segments of letters, digits, "_", "." or "-" joined by ":"')
    .default(defaultPrefix),
});

/** Every PEM public key in a variable that may hold several. */
export function publicKeyBlocks(bundle: string): string[] {
  return bundle.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
}

function isEdDsaPublicKey(pem: string): boolean {
  try {
    const type = createPublicKey(pem).asymmetricKeyType;
    return type === "ed25519" || type === "ed448";
  } catch {
    return false;
  }
}
