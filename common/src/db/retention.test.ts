import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import {
  createTestDatabase,
  eventually,
  sampleTicketCreated,
  type TestDatabase,
} from "../testing/index.js";
import { addToOutbox } from "./outbox.js";
import { startRetentionSweep } from "./retention.js";

const noMigrations = fileURLToPath(new URL("./__fixtures__/none", import.meta.url));

describe("the retention sweep", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("retention", noMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("forgets events published a day ago, inbox records after 8 days, idempotency keys after a day", async () => {
    const [old, recent] = [sampleTicketCreated(), sampleTicketCreated()];
    await addToOutbox(db.pool, old, recent);
    await db.pool.query(
      `UPDATE outbox SET published_at = now() - CASE WHEN id = $1 THEN interval '25 hours'
       ELSE interval '1 hour' END WHERE id IN ($1, $2)`,
      [old.id, recent.id],
    );
    await db.pool.query(
      `INSERT INTO inbox (consumer, event_id, processed_at)
       VALUES ('retention', $1, now() - interval '9 days'), ('retention', $2, now() - interval '6 days')`,
      [old.id, recent.id],
    );
    await db.pool.query(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash, created_at)
       VALUES ($1, 'POST /x', 'old', 'h', now() - interval '25 hours'), ($1, 'POST /x', 'new', 'h', now())`,
      [randomUUID()],
    );

    const stop = startRetentionSweep(db.pool, createLogger("retention-test"));

    const remaining = async (query: string) =>
      (await db.pool.query<{ id: string }>(query)).rows.map((row) => row.id).sort();
    await eventually(async () => {
      expect(
        await remaining(`SELECT id FROM outbox WHERE id IN ('${old.id}', '${recent.id}')`),
      ).toEqual([recent.id]);
      expect(
        await remaining("SELECT event_id AS id FROM inbox WHERE consumer = 'retention'"),
      ).toEqual([recent.id]);
      expect(
        await remaining("SELECT key AS id FROM idempotency_keys WHERE route = 'POST /x'"),
      ).toEqual(["new"]);
      return true;
    });
    await stop();
  });
});
