import postgres from "postgres";
import type { JobsDatabase, Query, SqlValue } from "./job-queue.ts";

export type Sql = postgres.Sql;

/**
 * A postgres.js client for the service's own paths (the worker), which act across users and so
 * connect as the database owner, not through the Data API. `prepare: false` because Supabase's
 * transaction pooler cannot keep prepared statements; one connection per isolate is plenty for
 * a worker that runs its statements one after another.
 */
export function createSql(url: string): Sql {
  return postgres(url, { prepare: false, max: 1, idle_timeout: 20, connect_timeout: 10, onnotice: () => {} });
}

/**
 * The shared queue's view of a client. Every statement runs in a transaction, as the app's
 * withService does; pglite-socket, the wire-protocol Postgres of the tests, keeps concurrent
 * connections apart only inside one.
 */
export function jobsDatabase(sql: Sql): JobsDatabase {
  return {
    transaction: <T>(work: (query: Query) => Promise<T>) =>
      sql.begin((tx) => {
        const query: Query = async <Row extends object>(strings: TemplateStringsArray, ...values: SqlValue[]) => [...(await tx<Row[]>(strings, ...values))];
        return work(query);
      }) as Promise<T>,
  };
}

let shared: Sql | undefined;

/** The isolate's client, from DATABASE_URL or the SUPABASE_DB_URL that Supabase gives every function. */
export function getSql(): Sql {
  if (shared) return shared;
  const url = Deno.env.get("DATABASE_URL") || Deno.env.get("SUPABASE_DB_URL");
  if (!url) throw new Error("DATABASE_URL (or SUPABASE_DB_URL) is not set");
  shared = createSql(url);
  return shared;
}
