import "server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { logger } from "@/lib/monitoring/logger";
import type { Database, DbHandle } from "../client";
import * as schema from "../schema";
import { createDeadlineSocketFactory } from "./deadline-socket";

type Executor = { execute: (query: unknown) => Promise<postgres.RowList<postgres.Row[]>> };

/**
 * postgres.js answers `execute` with an array of rows; PGlite (whose shape the code is written
 * against) with `{ rows, affectedRows }`. This gives a drizzle database or transaction PGlite's
 * shape; the query builder (select, insert …) already answers arrays in both.
 */
function withPgliteResults<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === "execute") {
        return async (query: unknown) => {
          const rows = await (object as unknown as Executor).execute(query);
          return { rows: [...rows], affectedRows: rows.count, fields: [] };
        };
      }
      if (property === "transaction") {
        const transaction = Reflect.get(object, property) as (work: (tx: object) => Promise<unknown>, config?: unknown) => Promise<unknown>;
        return (work: (tx: object) => Promise<unknown>, config?: unknown) =>
          transaction.call(object, (tx) => work(withPgliteResults(tx)), config);
      }
      const value: unknown = Reflect.get(object, property);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/**
 * The Supabase mode's database: postgres.js over `DATABASE_URL`, normally Supavisor's transaction
 * pooler (port 6543), which cannot keep prepared statements between transactions: `prepare: false`.
 * A connection that does not answer within `timeoutMs` is given up (./deadline-socket.ts).
 * Migrations are not run here: `supabase db push` applies the same files (DEPLOY.md).
 */
export async function openPostgres(url: string, { poolMax, timeoutMs }: { poolMax: number; timeoutMs: number }): Promise<DbHandle> {
  const options = {
    prepare: false,
    // Serverless functions each hold their own pool: keep it small, the pooler multiplexes.
    max: poolMax,
    idle_timeout: 20,
    connect_timeout: timeoutMs / 1000,
    // An option postgres.js has but does not declare in its types: what makes a connection's socket.
    socket: createDeadlineSocketFactory(timeoutMs),
    onnotice: () => {},
  };
  const client = postgres(url, options);
  const db = withPgliteResults(drizzle({ client, schema })) as unknown as Database;
  logger.info({ host: new URL(url).hostname }, "database: connected to Postgres (Supabase mode)");
  return { db, close: () => client.end({ timeout: 5 }) };
}
