import "server-only";
import { loadRevokedSessions } from "@/lib/auth/revoke-session";
import { holdTokenChecksUntil } from "@/lib/auth/revoked-sessions";
import { getDb, getEmbeddedDatabase, type Database } from "@/lib/db/client";
import { markStreamingRepliesInterrupted } from "@/lib/db/queries/messages";
import { withServiceStatement } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import { listenForChanges } from "@/lib/realtime/local-changes";
import { applyPlanDefaults } from "@/lib/usage/plan-defaults";
import { settleAbandonedCharges } from "@/lib/usage/settle-abandoned-charges";

// Route bundles do not share module state reliably; the process does share globalThis.
const globalKey = Symbol.for("mneme.boot");
type GlobalWithBoot = typeof globalThis & { [globalKey]?: { db: Database; started: Promise<void> } };
const store = globalThis as GlobalWithBoot;

/**
 * The local mode's start-up over a freshly opened embedded database. This process holds the data
 * directory's lock, so whatever an earlier process left unfinished died with it.
 */
async function startLocal(): Promise<void> {
  const started = performance.now();
  const pg = await getEmbeddedDatabase();
  // Before any request is authenticated (boot holds token checks until here): a token signed out or
  // of a deleted account stays refused after a restart.
  await loadRevokedSessions(pg);
  await applyPlanDefaults();
  await listenForChanges(pg);
  const interruptedReplies = await withServiceStatement("chat.interrupted-replies", markStreamingRepliesInterrupted);
  // Every open reservation too, however recent: settled to what was stored, or released.
  const abandonedCharges = await settleAbandonedCharges({ olderThanSeconds: 0 });
  logger.info({ interruptedReplies, abandonedCharges, ms: Math.round(performance.now() - started) }, "local start-up done");
}

/**
 * Starts this process: opens the database (locally that locks and migrates it), then, locally,
 * loads revoked sessions, listens for the changes live updates deliver, ends replies and charges a
 * crash cut off, and starts the background worker (`worker: false` for scripts and tests that run
 * jobs themselves). Called by instrumentation.ts without waiting, so the server answers while the
 * database opens, and awaited by scripts and tests. Token checks wait for the local start-up
 * (lib/auth/revoked-sessions.ts): nothing is authenticated against revocations not yet loaded. The
 * start-up runs once per opened database, also when something called getDb() first; a database
 * closed and opened again (a test's restart) starts again.
 */
export function boot({ worker = true }: { worker?: boolean } = {}): Promise<void> {
  const booting = start({ worker });
  if (env().mode === "local") holdTokenChecksUntil(booting);
  return booting;
}

async function start({ worker }: { worker: boolean }): Promise<void> {
  const { mode } = env();
  const db = await getDb();
  // The Supabase mode's start-up ends here: its background work is the edge function's and Vercel Cron's.
  if (mode !== "local") return applyPlanDefaults();
  if (store[globalKey]?.db !== db) {
    const started = startLocal();
    store[globalKey] = { db, started };
    // A failed start-up is not kept, so the next call tries again.
    started.catch(() => {
      if (store[globalKey]?.started === started) delete store[globalKey];
    });
  }
  await store[globalKey]!.started;
  // Imported here, not above: the worker reaches most of the app (documents, memory, alerts), and
  // instrumentation.ts loads this module on its way to opening the database.
  if (worker) (await import("@/lib/jobs/worker")).startLocalWorker();
}

/**
 * For instrumentation.ts: opens the database and boots without holding up the server (requests
 * wait for the database themselves, token checks for the revoked sessions). A database that cannot
 * be opened (another process holds the data directory: the error names it) stops the process, as
 * it did when the server waited for it. Here rather than there: instrumentation.ts is also
 * compiled for the Edge runtime, which has no process.exit.
 */
export function startInBackground(): void {
  getDb().catch((error: unknown) => {
    logger.fatal({ err: error }, "the database could not be opened");
    process.exit(1);
  });
  boot().catch((error: unknown) => logger.error({ err: error }, "start-up failed"));
}
