import { isPgError, PgErrorCode, type Queryable } from "@microtickets/common";

export interface User {
  id: string;
  email: string;
}

interface UserWithHash extends User {
  passwordHash: string;
}

/** Emails are case-insensitive everywhere: stored and compared in lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The new user, or null when the email is taken (the unique index decides, not a lookup). */
export async function insertUser(
  db: Queryable,
  email: string,
  passwordHash: string,
): Promise<User | null> {
  try {
    const { rows } = await db.query<User>(
      "INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id, email",
      [normalizeEmail(email), passwordHash],
    );
    return rows[0] ?? null;
  } catch (error) {
    if (isPgError(error, PgErrorCode.UniqueViolation)) return null;
    throw error;
  }
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserWithHash | null> {
  const { rows } = await db.query<UserWithHash>(
    `SELECT id, email, password_hash AS "passwordHash" FROM users WHERE lower(email) = $1`,
    [normalizeEmail(email)],
  );
  return rows[0] ?? null;
}
