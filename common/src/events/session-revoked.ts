import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * A user signed out: every service refuses that session's token from now on, until `expiresAt`
 * (the token's own expiry, after which it is refused anyway). Only auth publishes it.
 */
export const SessionRevoked = defineEvent(
  Subjects.SessionRevoked,
  z.object({ sessionId: id, userId: id, expiresAt: z.iso.datetime({ offset: true }) }),
);
