import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { withTransaction } from "./transaction.js";

const noMigrations = fileURLToPath(new URL("./__fixtures__/none", import.meta.url));

describe("withTransaction", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("transaction", noMigrations);
    await db.pool.query("CREATE TABLE notes (text text NOT NULL)");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("commits what the work did when it resolves", async () => {
    await withTransaction(db.pool, (tx) => tx.query("INSERT INTO notes VALUES ('kept')"));

    const { rows } = await db.pool.query("SELECT text FROM notes WHERE text = 'kept'");
    expect(rows).toHaveLength(1);
  });

  it("rolls back what the work did when it throws", async () => {
    const failing = withTransaction(db.pool, async (tx) => {
      await tx.query("INSERT INTO notes VALUES ('dropped')");
      throw new Error("changed my mind");
    });

    await expect(failing).rejects.toThrow("changed my mind");
    const { rows } = await db.pool.query("SELECT text FROM notes WHERE text = 'dropped'");
    expect(rows).toEqual([]);
  });

  it("fails the work, not the process, when its connection dies mid-transaction, and the pool goes on", async () => {
    const failing = withTransaction(db.pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const ended = new Promise((resolve) => tx.once("end", resolve));
      // PostgreSQL restarting, as far as this connection can tell.
      await db.pool.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
      await ended;
      await tx.query("INSERT INTO notes VALUES ('lost')");
    });

    await expect(failing).rejects.toThrow(/connection/i);
    await withTransaction(db.pool, (tx) => tx.query("INSERT INTO notes VALUES ('after')"));
    const { rows } = await db.pool.query("SELECT text FROM notes WHERE text IN ('lost', 'after')");
    expect(rows).toEqual([{ text: "after" }]);
  });
});
