import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type postgres from "postgres";
import { logger } from "@/lib/monitoring/logger";
import type { DbHandle, EmbeddedDatabase, EmbeddedQueries } from "../client";
import { createPostgresClient, openPostgres } from "../open-postgres";

/** What ./pglite-worker.mjs tells this thread. */
type WorkerMessage =
  | { type: "ready"; socketPath: string; applied: string[]; openMs: number; migrateMs: number }
  | { type: "notification"; channel: string; payload: string }
  | { type: "upkeep-failed"; message: string }
  | { type: "closed" };

// Found at run time, not bundled: Node runs the worker's plain modules from the source tree.
const workerPath = path.join(process.cwd(), "lib", "db", "local", "pglite-worker.mjs");
const url = "postgresql://postgres@localhost/postgres";

/**
 * Opens the embedded database off this thread: a worker thread opens PGlite on `dataDir`, takes
 * the directory's lock, migrates it and serves it over a Unix socket; this thread talks to it with
 * the same postgres.js driver as the Supabase mode. What the process does next with it (live
 * updates, revoked sessions, replies a crash cut off) is lib/boot.ts's.
 *
 * A worker that dies leaves its connections closed: queries fail as the database being unreachable
 * (lib/db/errors.ts, 503) rather than wait.
 */
export async function openPglite(dataDir: string, { poolMax }: { poolMax: number }): Promise<DbHandle> {
  const started = performance.now();
  const worker = new Worker(/* turbopackIgnore: true */ workerPath, { workerData: { dataDir } });
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let closing = false;
  let exited = false;

  const ready = await new Promise<Extract<WorkerMessage, { type: "ready" }>>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the database worker exited with code ${code} before it was ready`)));
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "ready") resolve(message);
      if (message.type === "notification") listeners.get(message.channel)?.forEach((listener) => listener(message.payload));
      if (message.type === "upkeep-failed") logger.warn({ err: message.message }, "the embedded database's upkeep (vacuum, analyze) failed; it is tried again");
    });
  });
  worker.removeAllListeners("error").removeAllListeners("exit");
  worker.on("error", (error) => logger.error({ err: error }, "the database worker failed"));
  logger.info({ dataDir, applied: ready.applied, openMs: ready.openMs, migrateMs: ready.migrateMs, ms: Math.round(performance.now() - started) }, "database ready");

  const target = { url, socketPath: ready.socketPath };
  const { db, flights, close: closeDb } = openPostgres({ ...target, poolMax });
  // SQL text for start-up work, scripts and tests; its own connection, so drizzle's parsers (which
  // leave timestamps as text) are not its.
  const raw = createPostgresClient({ ...target, poolMax: 1 });
  const queriesOf = (sql: Pick<postgres.TransactionSql, "unsafe">): EmbeddedQueries => ({
    async query<T>(text: string, params: unknown[] = []) {
      const rows = await sql.unsafe(text, params as never[]);
      return { rows: [...rows] as T[], affectedRows: rows.count };
    },
    async exec(text: string) {
      await sql.unsafe(text).simple();
    },
  });
  worker.on("exit", (code) => {
    exited = true;
    if (closing) return;
    logger.error({ code }, "the database worker stopped: database requests fail until the process restarts");
    // Its socket is gone with it: ended clients fail every query as the database being unavailable (503).
    void Promise.allSettled([closeDb(), raw.end({ timeout: 0 })]);
  });
  const embedded: EmbeddedDatabase = {
    ...queriesOf(raw),
    transaction: (work) => raw.begin((tx) => work(queriesOf(tx))) as never,
    async listen(channel, listener) {
      const forChannel = listeners.get(channel) ?? new Set();
      forChannel.add(listener);
      listeners.set(channel, forChannel);
      await raw.unsafe(`listen "${channel.replaceAll('"', '""')}"`);
    },
  };

  const close = async () => {
    closing = true;
    await Promise.allSettled([closeDb(), raw.end({ timeout: 5 })]);
    if (exited) return;
    // The worker closes PGlite (which writes what it holds) and releases the lock, then is stopped.
    const closed = new Promise<void>((resolve) => {
      worker.on("message", (message: WorkerMessage) => message.type === "closed" && resolve());
      worker.once("exit", () => resolve());
    });
    worker.postMessage({ type: "close" });
    await closed;
    await worker.terminate();
  };
  return { db, flights, embedded, close };
}
