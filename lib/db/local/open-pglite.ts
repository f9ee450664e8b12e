import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle } from "drizzle-orm/pglite";
import { logger } from "@/lib/monitoring/logger";
import type { DbHandle } from "../client";
import { acquireDataDirLock } from "../lock";
import { migrate } from "../migrate";
import * as schema from "../schema";

/**
 * Opens the embedded database: takes the data directory's lock and migrates. What the process
 * does next with it (live updates, revoked sessions, replies a crash cut off) is lib/boot.ts's.
 */
export async function openPglite(dataDir: string): Promise<DbHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDataDirLock(dataDir);
  const started = performance.now();
  let pg: PGlite;
  try {
    pg = await PGlite.create({ dataDir, extensions: { vector } });
    const { applied } = await migrate(pg);
    logger.info({ dataDir, applied, ms: Math.round(performance.now() - started) }, "database ready");
  } catch (error) {
    release();
    throw error;
  }

  return { pg, db: drizzle({ client: pg, schema }), close: () => pg.close().finally(release) };
}
