import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import * as schema from "./schema";

/**
 * The database as the code is written against it: drizzle over PGlite's result shape (`{ rows,
 * affectedRows }` from `execute`). The Supabase mode's postgres.js connection is adapted to the
 * same shape (lib/db/supabase/open-postgres.ts), so every query runs unchanged in both modes.
 */
export type Database = PgliteDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface DbHandle {
  db: Database;
  /** The embedded database itself; only in the local mode. */
  pg?: PGlite;
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
  const opened =
    config.mode === "supabase"
      ? await (await import("./supabase/open-postgres")).openPostgres(config.DATABASE_URL, { poolMax: config.DATABASE_POOL_MAX, timeoutMs: config.DATABASE_TIMEOUT_MS })
      : await (await import("./local/open-pglite")).openPglite(config.PGLITE_DATA_DIR);

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

/** Raw PGlite access for scripts and tests that need it (dumps, clones); local mode only. */
export async function getPglite(): Promise<PGlite> {
  const { pg } = await handle();
  if (!pg) throw new Error("getPglite: the Supabase mode has no embedded database");
  return pg;
}

export async function closeDb(): Promise<void> {
  const opening = store[globalKey];
  if (!opening) return;
  delete store[globalKey];
  await (await opening).close();
}
