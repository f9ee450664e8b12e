import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle } from "drizzle-orm/pglite";
import { listModels } from "@/lib/ai/models";
import { logger } from "@/lib/monitoring/logger";
import { loadRevokedSessions } from "@/lib/auth/revoke-session";
import { listenForChanges } from "@/lib/realtime/local-changes";
import type { Database, DbHandle } from "../client";
import { acquireDataDirLock } from "../lock";
import { migrate } from "../migrate";
import { settleAbandonedChargesOlderThan } from "../queries/usage";
import * as schema from "../schema";

/**
 * Opens the embedded database: takes the data directory's lock, migrates, listens for the changes
 * live updates deliver, and marks replies a crash cut off. This process owns the directory, so
 * anything still `streaming` is orphaned.
 */
export async function openPglite(dataDir: string): Promise<DbHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDataDirLock(dataDir);
  const started = performance.now();
  let pg: PGlite;
  let db: Database;
  try {
    pg = await PGlite.create({ dataDir, extensions: { vector } });
    db = drizzle({ client: pg, schema });
    const { applied } = await migrate(pg);
    await listenForChanges(pg);
    await loadRevokedSessions(pg);
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

  return { pg, db, close: () => pg.close().finally(release) };
}
