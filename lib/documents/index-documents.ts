import "server-only";
import { after } from "next/server";
import { embeddingCostMicroUsd } from "@/lib/ai/models";
import { estimateTokens } from "@/lib/ai/tokens";
import {
  deleteChunksOfOtherModels,
  getDocumentForWorker,
  insertDocumentChunks,
  listStoredChunkOrdinals,
  reserveDocumentCharge,
  updateDocumentProgress,
  type DocumentRow,
} from "@/lib/db/queries/documents";
import { getMonthlyChatUsage, settleCharge } from "@/lib/db/queries/usage/charges";
import { lockEffectiveLimits } from "@/lib/db/queries/usage/plans";
import { withService, withServiceStatement } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { completeJobsIn, workerDatabase } from "@/lib/jobs/queue";
import type { Job } from "@/lib/jobs/types";
import { getEmbeddingProvider, toVectorLiteral } from "@/lib/memory/embeddings/provider";
import type { EmbeddingProvider } from "@/lib/memory/embeddings/types";
import { logger } from "@/lib/monitoring/logger";
import { metrics } from "@/lib/monitoring/metrics";
import { runJobBatch, type BatchResult } from "@/supabase/functions/_shared/job-queue";
import { extractText } from "./extract-text";
import { splitPassages, type Passage } from "./split-passages";
import { readDocumentFileIfAny } from "./storage";
import { documentMimeTypes, type DocumentFormat } from "./types";

/** Passages per embeddings request. */
export const embedBatchSize = 32;
/** Share of the progress bar that reading the file and splitting it take. */
const extractedProgress = 0.1;

/** A failure that another attempt cannot mend: the document ends as `error` with this reason. */
class IndexingRefused extends Error {}

const formatOf = (mimeType: string) => (Object.entries(documentMimeTypes).find(([, type]) => type === mimeType)?.[0] ?? "text") as DocumentFormat;

const inService = <T>(work: Parameters<typeof withService<T>>[1]) => withService("jobs.worker", work);

async function readPassages(document: DocumentRow): Promise<Passage[]> {
  // A store that cannot be reached fails the batch, which is retried; only a missing file is final.
  const bytes = await readDocumentFileIfAny(document.storagePath);
  if (!bytes) throw new IndexingRefused("The stored file is missing. Delete the document and upload it again.");
  const format = formatOf(document.mimeType);
  let parts;
  try {
    parts = await extractText(bytes, format);
  } catch (error) {
    throw new IndexingRefused(isAppError(error) ? error.publicMessage : "The file's text could not be read.");
  }
  const passages = splitPassages(parts, { headings: format === "markdown" || format === "docx" });
  if (passages.length === 0) throw new IndexingRefused("No text was found in the file.");
  return passages;
}

/**
 * Reserves what embedding `tokens` costs on the owner's ledger, under their admission lock, as a
 * chat turn is reserved; refused when it would take the month's spend past the month's budget (the plan's, or the person's own).
 */
async function reserveEmbeddingCost(document: DocumentRow, model: string, tokens: number): Promise<{ id: string; cost: number }> {
  const cost = embeddingCostMicroUsd(model, tokens);
  return inService(async (tx) => {
    const [limits, month] = await Promise.all([lockEffectiveLimits(tx, { userId: document.userId }), getMonthlyChatUsage(tx, { userId: document.userId })]);
    const budget = limits.monthly_budget_micro_usd === null ? null : Number(limits.monthly_budget_micro_usd);
    if (cost > 0 && budget !== null && month.committedMicroUsd + cost > budget) {
      throw new IndexingRefused("Indexing this document would go past this month's budget of your plan. Retry next month or after an upgrade.");
    }
    return { id: await reserveDocumentCharge(tx, { userId: document.userId, documentId: document.id, model, maxCostMicroUsd: cost, tokens }), cost };
  });
}

const settle = (chargeId: string, userId: string, model: string, tokens: number) =>
  withServiceStatement("jobs.worker", (db) =>
    settleCharge(db, { id: chargeId, userId, inputTokens: tokens, outputTokens: 0, costMicroUsd: embeddingCostMicroUsd(model, tokens) }),
  );

/**
 * Indexes one document: reads and splits its file, reserves the embedding cost, embeds the
 * passages not stored yet in batches (storing each batch with the progress, so a retry resumes),
 * then settles the charge to what was embedded and marks it ready with the job done, in one
 * transaction. A failure another attempt cannot mend ends the document as `error` with its reason
 * and the job done; any other failure throws, for the queue to retry the job with backoff, and
 * on its last attempt leaves the document as `error` too.
 */
async function indexDocument(job: Job, provider: EmbeddingProvider): Promise<void> {
  const documentId = String(job.payload.documentId ?? "");
  const document = await withServiceStatement("jobs.worker", (db) => getDocumentForWorker(db, { id: documentId }));
  if (!document || document.status === "ready" || document.status === "error") {
    await inService((tx) => completeJobsIn(tx, [job.id]));
    return;
  }
  await withServiceStatement("jobs.worker", (db) => updateDocumentProgress(db, { id: document.id, status: "indexing", progress: 0 }));
  let charge: { id: string; embeddedTokens: number } | null = null;
  try {
    const passages = await readPassages(document);
    const stored = await withServiceStatement("jobs.worker", (db) => listStoredChunkOrdinals(db, { documentId: document.id, model: provider.model }));
    const unembedded = passages.filter((passage) => !stored.has(passage.ordinal));
    const tokens = unembedded.reduce((sum, passage) => sum + estimateTokens(passage.content), 0);
    // Re-indexing for a new embedding model is the operator's choice, and the operator's cost
    // (`npm run memory:reindex` marks its jobs): the owner is charged for their own uploads only.
    const billable = job.payload.reindex !== true;
    if (billable) charge = { id: (await reserveEmbeddingCost(document, provider.model, tokens)).id, embeddedTokens: 0 };

    let done = passages.length - unembedded.length;
    for (let start = 0; start < unembedded.length; start += embedBatchSize) {
      const batch = unembedded.slice(start, start + embedBatchSize);
      const vectors = await provider.embed(batch.map((passage) => passage.content));
      if (charge) charge.embeddedTokens += batch.reduce((sum, passage) => sum + estimateTokens(passage.content), 0);
      done += batch.length;
      const progress = extractedProgress + (1 - extractedProgress) * (done / passages.length);
      await inService(async (tx) => {
        const chunks = batch.map((passage, index) => ({ ...passage, vectorLiteral: toVectorLiteral(vectors[index]!) }));
        await insertDocumentChunks(tx, { documentId: document.id, userId: document.userId, model: provider.model, chunks });
        // Never down to 1 here: ready is set with the job's completion.
        await updateDocumentProgress(tx, { id: document.id, status: "indexing", progress: Math.min(progress, 0.99) });
      });
      metrics().embeddingsGenerated.inc({ model: provider.model }, batch.length);
    }

    const settledCharge = charge;
    charge = null;
    await inService(async (tx) => {
      await deleteChunksOfOtherModels(tx, { documentId: document.id, model: provider.model });
      if (settledCharge) {
        await settleCharge(tx, {
          id: settledCharge.id,
          userId: document.userId,
          inputTokens: settledCharge.embeddedTokens,
          outputTokens: 0,
          costMicroUsd: embeddingCostMicroUsd(provider.model, settledCharge.embeddedTokens),
        });
      }
      await updateDocumentProgress(tx, { id: document.id, status: "ready", progress: 1 });
      await completeJobsIn(tx, [job.id]);
    });
  } catch (error) {
    // What was embedded is paid for; the rest of the reservation is let go.
    if (charge) await settle(charge.id, document.userId, provider.model, charge.embeddedTokens);
    if (error instanceof IndexingRefused) {
      await inService(async (tx) => {
        await updateDocumentProgress(tx, { id: document.id, status: "error", progress: 0, error: error.message });
        await completeJobsIn(tx, [job.id]);
      });
      return;
    }
    if (job.attempts >= job.maxAttempts) {
      await withServiceStatement("jobs.worker", (db) =>
        updateDocumentProgress(db, { id: document.id, status: "error", progress: 0, error: "Indexing failed after several attempts (the embedding service did not answer). Retry later." }),
      );
    }
    throw error;
  }
}

/** Claims and runs one batch of `index_document` jobs (one document at a time: they are large). */
export async function runDocumentBatch(provider: EmbeddingProvider, limit = 1): Promise<Omit<BatchResult, "error"> & { error?: string }> {
  return runJobBatch(workerDatabase, { kind: "index_document", limit, retryBaseMs: env().JOBS_RETRY_BASE_MS }, async (jobs) => {
    for (const job of jobs) await indexDocument(job, provider);
    return jobs.length;
  });
}

/**
 * Indexes queued documents one at a time until none is left or `budgetMs` has passed: the Supabase
 * mode's runner (GET /api/cron/documents each minute, and right after an upload), inside a Vercel
 * function's time limit. Not the edge function's: a PDF's extraction needs more CPU time and memory
 * than an Edge Function has (2 s of CPU, 256 MB). A document whose batch fails goes back to the
 * queue with backoff, as in the local worker.
 */
export async function indexQueuedDocuments({ budgetMs }: { budgetMs: number }): Promise<{ indexed: number; failed: number }> {
  const until = Date.now() + budgetMs;
  const provider = getEmbeddingProvider();
  let indexed = 0;
  let failed = 0;
  while (Date.now() < until) {
    const batch = await runDocumentBatch(provider);
    indexed += batch.done;
    failed += batch.failed;
    if (batch.error) logger.warn({ jobs: batch.failed, err: batch.error }, "document indexing failed; will retry");
    if (batch.claimed === 0) break;
  }
  return { indexed, failed };
}

/**
 * In the Supabase mode no worker runs beside the app: the function that queued a document (its
 * upload, its retry) starts indexing once it has answered, so nobody waits for the next cron.
 */
export function indexAfterAnswering(): void {
  if (env().mode !== "supabase") return;
  after(() =>
    indexQueuedDocuments({ budgetMs: 45_000 }).then(
      () => {},
      (error: unknown) => logger.error({ err: error }, "document indexing after an upload failed; the cron will retry"),
    ),
  );
}
