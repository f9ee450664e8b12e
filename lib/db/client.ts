import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle, type PgliteDatabase } from "drizzle-orm/pglite";
import { listModels } from "@/lib/ai/models";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import { acquireDataDirLock } from "./lock";
import { migrate } from "./migrate";
import { settleAbandonedChargesOlderThan } from "./queries/usage";
import * as schema from "./schema";

export type Database = PgliteDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

interface Handle {
  pg: PGlite;
  db: Database;
  close: () => Promise<void>;
}

const closeHooks = new Set<() => void>();

/** Runs `hook` just before the database closes (background work stops first). */
export function beforeDbClose(hook: () => void): void {
  closeHooks.add(hook);
}

// Route bundles do not share module state reliably; the process does share globalThis.
const globalKey = Symbol.for("mneme.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Handle> };
const store = globalThis as GlobalWithDb;

async function open(dataDir: string): Promise<Handle> {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database is not available at build time.");
  }
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDataDirLock(dataDir);
  const started = performance.now();
  let pg: PGlite;
  let db: Database;
  try {
    pg = await PGlite.create({ dataDir, extensions: { vector } });
    db = drizzle({ client: pg, schema });
    const { applied } = await migrate(pg);
    // This process owns the directory, so a reply still marked streaming was cut off by a crash.
    const interrupted = await pg.query(
      "update public.messages set status = 'error', error_code = 'interrupted', updated_at = now() where status = 'streaming'",
    );
    // Likewise every open reservation: its turn died with that process (settled to what was stored, or released).
    const charges = await settleAbandonedChargesOlderThan(db, { olderThanSeconds: 0, prices: listModels() });
    logger.info(
      { dataDir, applied, interruptedReplies: interrupted.affectedRows ?? 0, abandonedCharges: charges, ms: Math.round(performance.now() - started) },
      "database ready",
    );
  } catch (error) {
    release();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= Promise.resolve()
      .then(() => closeHooks.forEach((hook) => hook()))
      .then(() => pg.close())
      .catch((error: unknown) => logger.error({ err: error }, "closing the database failed"))
      .finally(release));

  const shutdown = (signal: NodeJS.Signals) => {
    void close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  return { pg, db, close };
}

function handle(): Promise<Handle> {
  if (!store[globalKey]) {
    const opening = open(env().PGLITE_DATA_DIR);
    store[globalKey] = opening;
    // A failed open is not cached, so the next request tries again with a clear error.
    opening.catch(() => {
      if (store[globalKey] === opening) delete store[globalKey];
    });
  }
  return store[globalKey];
}

/** The process-wide database, opened and migrated on first use. */
export async function getDb(): Promise<Database> {
  return (await handle()).db;
}

/** Raw PGlite access for scripts and tests that need it (dumps, clones). */
export async function getPglite(): Promise<PGlite> {
  return (await handle()).pg;
}

export async function closeDb(): Promise<void> {
  const opening = store[globalKey];
  if (!opening) return;
  delete store[globalKey];
  await (await opening).close();
}
