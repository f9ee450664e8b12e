import "server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "./client";
import type { FlightSource } from "./flight";
import { withRowsResults } from "./rows-results";
import { createDeadlineSocketFactory } from "./deadline-socket";
import * as schema from "./schema";

export interface PostgresTarget {
  url: string;
  /** A Unix socket to connect to instead of the URL's host and port (the local mode's database). */
  socketPath?: string;
  poolMax: number;
  /** Give up on a connection that does not answer within this long (./deadline-socket.ts); none if unset. */
  timeoutMs?: number;
}

/**
 * Every bigint the app reads is a count, a token total or micro-dollars, far below 2^53: they are
 * read as numbers (postgres.js's default is a string), so no query converts them by hand.
 */
const int8AsNumber = { to: 20, from: [20], serialize: (value: number | bigint) => String(value), parse: (text: string) => Number(text) };

/**
 * The one postgres.js configuration, for both modes. `prepare: false`: Supavisor's transaction
 * pooler (port 6543) cannot keep prepared statements between transactions, and the local mode's
 * wire server behaves the same, so both modes send the same messages.
 */
export function createPostgresClient({ url, socketPath, poolMax, timeoutMs }: PostgresTarget): postgres.Sql<{ int8: number }> {
  return postgres(url, {
    prepare: false,
    // Serverless functions each hold their own pool: keep it small, the pooler multiplexes.
    max: poolMax,
    idle_timeout: 20,
    ...(socketPath ? { path: socketPath } : {}),
    ...(timeoutMs
      ? {
          connect_timeout: timeoutMs / 1000,
          // An option postgres.js has but does not declare in its types: what makes a connection's socket.
          socket: createDeadlineSocketFactory(timeoutMs),
        }
      : {}),
    types: { int8: int8AsNumber },
    // How long a closed connection waits before it opens again for a waiting request, which then
    // has one attempt at it. postgres.js's default grows with every failure of the pool's
    // connections (3^n / 100 s, up to 20 s), so after one outage the requests that waited for a
    // connection sat out seconds more on top of the deadline: at most 200 ms here.
    backoff: (retries: number) => Math.min(0.05 * retries, 0.2),
    onnotice: () => {},
  });
}

/**
 * The database over postgres.js: the Supabase mode's `DATABASE_URL` (normally the pooler), and the
 * local mode's embedded database behind its Unix socket (./local/open-pglite.ts). Migrations are
 * not run here: `supabase db push` applies them to Supabase, the embedded database's worker locally.
 */
export function openPostgres(target: PostgresTarget): { db: Database; flights: FlightSource; close: () => Promise<void> } {
  const client = createPostgresClient(target);
  const drizzled = drizzle({ client, schema });
  const db = withRowsResults(drizzled) as unknown as Database;
  const flights = { client, session: (drizzled as unknown as { session: FlightSource["session"] }).session };
  return { db, flights, close: () => client.end({ timeout: 5 }) };
}
