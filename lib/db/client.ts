import "server-only";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import type { FlightSource } from "./flight";
import { openPglite } from "./local/open-pglite";
import { openPostgres } from "./open-postgres";
import * as schema from "./schema";

/**
 * The database as the code is written against it: drizzle with `execute` answering `{ rows,
 * affectedRows }`. Both modes are drizzle over postgres.js adapted to that shape
 * (./open-postgres.ts), so every query runs unchanged and answers the same types in both; the
 * type is drizzle's PGlite database only because it declares that shape.
 */
export type Database = PgliteDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** SQL text on the embedded database, answered as PGlite answers it (`{ rows, affectedRows }`). */
export interface EmbeddedQueries {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows: number }>;
  /** Several statements separated by semicolons, without parameters. */
  exec(text: string): Promise<void>;
}

/**
 * The embedded database below drizzle, for start-up work, scripts and tests: SQL text over a
 * connection of its own, and its notifications (LISTEN), which the database's worker forwards.
 */
export interface EmbeddedDatabase extends EmbeddedQueries {
  transaction<T>(work: (tx: EmbeddedQueries) => Promise<T>): Promise<T>;
  listen(channel: string, listener: (payload: string) => void): Promise<void>;
}

export interface DbHandle {
  db: Database;
  /** The same pool, for transactions in as few round trips as their work allows (./flight.ts). */
  flights: FlightSource;
  /** Only in the local mode. */
  embedded?: EmbeddedDatabase;
  close: () => Promise<void>;
}

const closeHooks = new Set<() => void>();

/** Runs `hook` just before the database closes (background work stops first). */
export function beforeDbClose(hook: () => void): void {
  closeHooks.add(hook);
}

// Route bundles do not share module state reliably; the process does share globalThis.
const globalKey = Symbol.for("mneme.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DbHandle> };
const store = globalThis as GlobalWithDb;

async function open(): Promise<DbHandle> {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database is not available at build time.");
  }
  const config = env();
  let opened: Omit<DbHandle, "close"> & { close: () => Promise<void> };
  if (config.mode === "supabase") {
    opened = openPostgres({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, timeoutMs: config.DATABASE_TIMEOUT_MS });
    logger.info({ host: new URL(config.DATABASE_URL).hostname }, "database: connected to Postgres (Supabase mode)");
  } else {
    // No await before it: the worker thread starts in this turn of the event loop, before whatever
    // instrumentation.ts loads next.
    opened = await openPglite(config.PGLITE_DATA_DIR, { poolMax: config.DATABASE_POOL_MAX });
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= Promise.resolve()
      .then(() => closeHooks.forEach((hook) => hook()))
      .then(() => opened.close())
      .catch((error: unknown) => logger.error({ err: error }, "closing the database failed")));
  const shutdown = (signal: NodeJS.Signals) => {
    void close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return { ...opened, close };
}

function handle(): Promise<DbHandle> {
  if (!store[globalKey]) {
    const opening = open();
    store[globalKey] = opening;
    // A failed open is not cached, so the next request tries again with a clear error.
    opening.catch(() => {
      if (store[globalKey] === opening) delete store[globalKey];
    });
  }
  return store[globalKey];
}

/** The process-wide database: opened (and, locally, migrated) on first use. */
export async function getDb(): Promise<Database> {
  return (await handle()).db;
}

/** The process-wide database, for ./flight.ts. */
export async function getFlightSource(): Promise<FlightSource> {
  return (await handle()).flights;
}

/** The embedded database below drizzle (EmbeddedDatabase); local mode only. */
export async function getEmbeddedDatabase(): Promise<EmbeddedDatabase> {
  const { embedded } = await handle();
  if (!embedded) throw new Error("getEmbeddedDatabase: the Supabase mode has no embedded database");
  return embedded;
}

export async function closeDb(): Promise<void> {
  const opening = store[globalKey];
  if (!opening) return;
  delete store[globalKey];
  await (await opening).close();
}
