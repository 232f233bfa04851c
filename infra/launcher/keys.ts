import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SetupError } from "@microtickets/dev-servers";

export interface SessionKeys {
  privateKey: string;
  publicKey: string;
  /** Where they came from, for the start-up log. */
  source: "env" | "generated" | "stored";
}

/**
 * The Ed25519 pair auth signs sessions with: from JWT_PRIVATE_KEY/JWT_PUBLIC_KEY when set, else
 * generated once into `<dir>` and reused, so sessions survive a restart of `npm start`.
 */
export async function sessionKeys(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SessionKeys> {
  const fromEnv = env.JWT_PRIVATE_KEY;
  if (fromEnv) {
    // One-line env files carry PEM newlines as "\n".
    const privateKey = fromEnv.replace(/\\n/g, "\n");
    const publicKey = env.JWT_PUBLIC_KEY?.replace(/\\n/g, "\n") ?? publicKeyOf(privateKey);
    return { privateKey, publicKey, source: "env" };
  }
  if (env.JWT_PUBLIC_KEY) {
    throw new SetupError("JWT_PUBLIC_KEY is set without JWT_PRIVATE_KEY: set both, or neither.");
  }

  const privateFile = join(dir, "session-private.pem");
  const publicFile = join(dir, "session-public.pem");
  const stored = await readFile(privateFile, "utf8").catch(() => undefined);
  if (stored) {
    await chmod(privateFile, 0o600);
    // Derived, not read, so a stale or edited public file cannot disagree with the private key.
    const publicKey = publicKeyOf(stored);
    await writeFile(publicFile, publicKey);
    return { privateKey: stored, publicKey, source: "stored" };
  }

  const pair = generateKeyPairSync("ed25519", {
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written aside and renamed, so a crash never leaves half a key to be "reused".
  await writeFile(`${privateFile}.tmp`, pair.privateKey, { mode: 0o600 });
  await rename(`${privateFile}.tmp`, privateFile);
  await writeFile(publicFile, pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, source: "generated" };
}

function publicKeyOf(privateKeyPem: string): string {
  try {
    return createPublicKey(createPrivateKey(privateKeyPem))
      .export({ type: "spki", format: "pem" })
      .toString();
  } catch {
    throw new SetupError(
      "The session private key (JWT_PRIVATE_KEY or .data/keys) is not a valid PEM key.",
    );
  }
}
