import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TicketCreated } from "../events/index.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { addToOutbox } from "./outbox.js";
import { withTransaction } from "./transaction.js";

describe("migrations and the outbox writer", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(
      "migrate",
      fileURLToPath(new URL("./__fixtures__/none", import.meta.url)),
    );
  });
  afterAll(() => db.drop());

  it("rolls an event back with the change it announced", async () => {
    const event = TicketCreated.build({
      id: crypto.randomUUID(),
      title: "t",
      priceCents: 100,
      userId: crypto.randomUUID(),
      version: 0,
    });
    await expect(
      withTransaction(db.pool, async (tx) => {
        await addToOutbox(tx, event);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const { rowCount } = await db.pool.query("SELECT 1 FROM outbox");
    expect(rowCount).toBe(0);
  });
});
