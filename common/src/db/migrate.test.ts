import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, sampleTicketCreated, type TestDatabase } from "../testing/index.js";
import { migrate } from "./migrate.js";
import { addToOutbox } from "./outbox.js";
import { withTransaction } from "./transaction.js";

const fixtureMigrations = fileURLToPath(new URL("./__fixtures__/service", import.meta.url));

const tables = async (db: TestDatabase) =>
  (
    await db.pool.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
  ).rows.map((row) => row.tablename);

describe("migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("migrate");
  });
  afterAll(() => db.drop());

  it("lets replicas that start together migrate one database: both succeed, each step runs once", async () => {
    await Promise.all([migrate(db.url, fixtureMigrations), migrate(db.url, fixtureMigrations)]);
    expect(await tables(db)).toEqual(
      expect.arrayContaining(["dead_letters", "inbox", "outbox", "widgets"]),
    );
    const { rows } = await db.pool.query("SELECT name FROM pgmigrations");
    expect(rows).toEqual([{ name: "001_widgets" }]);
  });

  it("writes outbox events only if the change they announce commits", async () => {
    const event = sampleTicketCreated();
    const failing = withTransaction(db.pool, async (tx) => {
      await tx.query("INSERT INTO widgets (name) VALUES ('w')");
      await addToOutbox(tx, event);
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    const outbox = await db.pool.query("SELECT 1 FROM outbox WHERE id = $1", [event.id]);
    expect(outbox.rowCount).toBe(0);
  });
});
