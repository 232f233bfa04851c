import pg from "pg";

/** One statement's calls per accepted order, in one service's database. */
export interface StatementCalls {
  database: string;
  query: string;
  callsPerOrder: number;
}

interface Row {
  datname: string;
  query: string;
  calls: number;
}

const READ = `SELECT d.datname, s.query, s.calls::int AS calls
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
  WHERE d.datname LIKE $1`;

/**
 * The statements each of the stack's databases ran between `start()` and the call it returns,
 * per accepted order, from pg_stat_statements. Undefined when the server does not load it
 * (`shared_preload_libraries`), as the shared servers here do not.
 */
export async function statementAccount(serverUrl: string, namespace: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const read = async () => (await client.query<Row>(READ, [`${namespace}\\_%`])).rows;
  const { rows } = await client.query<{ libraries: string }>(
    "SELECT current_setting('shared_preload_libraries') AS libraries",
  );
  if (!rows[0]?.libraries.includes("pg_stat_statements")) {
    await client.end();
    return undefined;
  }
  await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  const before = await read();
  return async (orders: number): Promise<StatementCalls[]> => {
    try {
      const key = (row: Row) => `${row.datname}\0${row.query}`;
      const earlier = new Map(before.map((row) => [key(row), row.calls]));
      return (await read())
        .map((row) => ({
          database: row.datname.slice(namespace.length + 1),
          query: row.query.replace(/\s+/g, " ").slice(0, 100),
          callsPerOrder:
            Math.round(((row.calls - (earlier.get(key(row)) ?? 0)) / orders) * 100) / 100,
        }))
        .filter((row) => row.callsPerOrder >= 0.05)
        .sort((a, b) => a.database.localeCompare(b.database) || b.callsPerOrder - a.callsPerOrder);
    } finally {
      await client.end();
    }
  };
}
