import { type Listener, listener } from "../bus/listener.js";
import { wireSubject } from "../bus/stream.js";
import type { Pool } from "../db/pool.js";
import { envelopeSchema, SessionRevoked } from "../events/index.js";
import { every } from "../every.js";
import {
  loadRevocations,
  RevokedSessions,
  recordRevocation,
  type SessionRevocation,
} from "../http/revoked-sessions.js";
import type { Logger } from "../logger.js";
import type { Stop } from "./define-service.js";

// What the catch-up reads again from before its last read: a revocation committed by another
// replica in a transaction that started (recorded_at) before that read, and clock skew.
const CATCH_UP_OVERLAP_MS = 60_000;
const CATCH_UP_INTERVAL_MS = 10_000;

/**
 * The revocation list every service with an API keeps, wired the same way in each by the kit
 * (startService), so no service copies it:
 *
 * - the table (`revoked_sessions`, common migration 005) is the truth: loaded before the first
 *   request, so a signed-out token stays refused across a restart. A table, not a replay of the
 *   stream at start: the kit already migrates common tables into every service's database and
 *   applies events through the inbox, and a replay would read up to a day of the stream on every
 *   start, and depend on the stream keeping it;
 * - one durable consumer per service writes each `session.revoked` to it, exactly once, also
 *   when the service was down as it was published;
 * - replicas share that consumer, so each event reaches only one of them: every replica also
 *   subscribes to the subject itself (plain NATS, no ack), and hears it within milliseconds;
 * - what a replica missed on that subscription (disconnected from NATS), it reads back from the
 *   table every 10 s.
 */
export class SessionRevocations {
  readonly revoked = new RevokedSessions();

  constructor(
    private readonly db: Pool,
    private readonly logger: Logger,
  ) {}

  /** Reads the table; awaited before the service takes requests. */
  async load(): Promise<void> {
    await loadRevocations(this.db, this.revoked);
  }

  /** The consumer that records revocations, and this replica's own subscription. */
  listener(): Listener {
    const durable = listener(SessionRevoked, async (data, { tx }) => {
      await recordRevocation(tx, data);
      this.#apply(data);
    });
    return {
      subject: SessionRevoked.subject,
      start: async (base) => {
        const subscription = base.nc.subscribe(wireSubject(base.bus, SessionRevoked.subject), {
          callback: (error, msg) => {
            if (error) return;
            const revocation = revocationIn(msg.string());
            if (revocation) this.#apply(revocation);
          },
        });
        try {
          const consumer = await durable.start(base);
          return {
            name: consumer.name,
            stop: async () => {
              subscription.unsubscribe();
              await consumer.stop();
            },
          };
        } catch (error) {
          subscription.unsubscribe();
          throw error;
        }
      },
    };
  }

  /** The catch-up, as a job of the service. */
  startCatchUp(intervalMs = CATCH_UP_INTERVAL_MS): Stop {
    let lastReadMs = Date.now();
    return every(
      intervalMs,
      async () => {
        lastReadMs = await loadRevocations(this.db, this.revoked, lastReadMs - CATCH_UP_OVERLAP_MS);
      },
      (error) => this.logger.warn({ err: error }, "could not read revoked sessions"),
    );
  }

  #apply(revocation: SessionRevocation) {
    if (this.revoked.isRevoked(revocation.sessionId)) return;
    this.revoked.revoke(revocation.sessionId, Date.parse(revocation.expiresAt));
    this.logger.info(
      { sessionId: revocation.sessionId, userId: revocation.userId },
      "session revoked",
    );
  }
}

/** The revocation a message holds, or undefined for anything else (the consumer dead-letters it). */
function revocationIn(text: string): SessionRevocation | undefined {
  try {
    const envelope = envelopeSchema.parse(JSON.parse(text));
    return SessionRevoked.schema.parse(envelope.data);
  } catch {
    return undefined;
  }
}
