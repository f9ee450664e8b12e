import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeDbClose } from "@/lib/db/client";
import { env } from "@/lib/env";
import { postWeeklyReport } from "@/lib/admin/weekly-report";
import { runAlerts } from "@/lib/alerts/run-alerts";
import { runDocumentBatch } from "@/lib/documents/index-documents";
import { embedMessages } from "@/lib/memory/embed-messages";
import { getEmbeddingProvider } from "@/lib/memory/embeddings/provider";
import { logger } from "@/lib/monitoring/logger";
import { type BatchResult as SharedBatchResult, runJobBatch } from "@/supabase/functions/_shared/job-queue";
import { isForegroundBusy } from "./foreground";
import { runMaintenance } from "./maintenance";
import { releaseRunningJobs, workerDatabase } from "./queue";

export const batchSize = 32;

export type BatchResult = Omit<SharedBatchResult, "error">;

/** Claims and runs one batch of embedding jobs; failures go back to the queue with backoff. */
export async function runEmbeddingBatch(limit = batchSize): Promise<BatchResult> {
  const provider = getEmbeddingProvider();
  const { error, ...batch } = await runJobBatch(
    workerDatabase,
    { kind: "embed_message", limit, retryBaseMs: env().JOBS_RETRY_BASE_MS },
    async (jobs) => (await embedMessages(jobs, provider)).length,
  );
  if (error) logger.warn({ jobs: batch.failed, err: error }, "embedding batch failed; will retry");
  return batch;
}

/** Calls `work` at most once per `intervalMs`; its failures are logged, never thrown into the loop. */
function every(intervalMs: number, name: string, work: () => Promise<unknown>) {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < intervalMs) return;
    last = Date.now();
    await work().catch((error: unknown) => logger.error({ err: error }, `worker: ${name} failed`));
  };
}

const globalKey = Symbol.for("mneme.worker");
type GlobalWithWorker = typeof globalThis & { [globalKey]?: { stop: () => void } };
const store = globalThis as GlobalWithWorker;

/**
 * The local mode's background worker: in this process, over the same jobs table the production
 * edge function serves, plus the periodic chores (maintenance, alert rules, the weekly report). Started once per
 * process; stops with it.
 */
export function startLocalWorker({ idleMs = 500 }: { idleMs?: number } = {}): void {
  if (store[globalKey]) return;
  const controller = new AbortController();
  store[globalKey] = { stop: () => controller.abort() };

  void (async () => {
    const released = await releaseRunningJobs();
    if (released) logger.info({ released }, "worker: resumed jobs interrupted by a restart");
    const maintenance = every(5 * 60_000, "maintenance", runMaintenance);
    // Vercel Cron calls /api/cron/alerts in production; here the worker evaluates the same rules.
    const alerts = every(env().ALERTS_INTERVAL_MS, "alerts", runAlerts);
    // Vercel Cron posts it on Mondays; here the first check after a week ends posts it (once: the database remembers).
    const weeklyReport = every(15 * 60_000, "weekly report", postWeeklyReport);
    while (!controller.signal.aborted) {
      // Outside the try: when the database is down the batch fails, and that is when the health alert matters.
      await alerts();
      try {
        // While people wait for replies, embed one message at a time and pause between them.
        const busy = isForegroundBusy();
        const { claimed } = await runEmbeddingBatch(busy ? 1 : batchSize);
        // A document at a time, between message batches, so new messages never wait behind a long file.
        const documents = await runDocumentBatch(getEmbeddingProvider());
        if (documents.error) logger.warn({ jobs: documents.failed, err: documents.error }, "document indexing failed; will retry");
        await maintenance();
        await weeklyReport();
        if (busy || (claimed < batchSize && documents.claimed === 0)) await sleep(idleMs, undefined, { signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) break;
        logger.error({ err: error }, "worker: batch crashed");
        await sleep(5 * idleMs, undefined, { signal: controller.signal }).catch(() => {});
      }
    }
  })().catch((error: unknown) => logger.error({ err: error }, "worker: stopped"));
  beforeDbClose(stopLocalWorker);
}

export function stopLocalWorker(): void {
  store[globalKey]?.stop();
  delete store[globalKey];
}
