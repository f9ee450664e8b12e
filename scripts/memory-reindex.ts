/**
 * `npm run memory:reindex [-- --missing]`: re-embeds every message with the current embedding
 * model through the jobs table, then re-indexes the documents that lack its vectors, showing a
 * progress bar and a summary. The embedded database allows
 * one process: stop `npm run dev` / `npm start` first (the lock names the holder if you forget).
 */
import "./load-env";
import { boot } from "@/lib/boot";
import { closeDb } from "@/lib/db/client";
import { runEmbeddingBatch } from "@/lib/jobs/worker";
import { getEmbeddingProvider } from "@/lib/memory/embeddings/provider";
import { runDocumentBatch } from "@/lib/documents/index-documents";
import { enqueueDocumentReindex, enqueueReindex, getReindexProgress, type ReindexProgress } from "@/lib/memory/reindex";

function progressBar({ total, done, dead }: ReindexProgress, startedAt: number, unit: string): string {
  const width = 30;
  const finished = done + dead;
  const filled = total ? Math.round((finished / total) * width) : width;
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = seconds > 0 ? finished / seconds : 0;
  const eta = rate > 0 ? Math.ceil((total - finished) / rate) : 0;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${finished}/${total}  ${rate.toFixed(rate < 10 ? 1 : 0)} ${unit}/s  eta ${eta}s${dead ? `  failed ${dead}` : ""}`;
}

/** Runs the queued jobs of one kind from `firstJobId` on, with a progress bar; answers how they ended. */
async function follow(firstJobId: number, kind: "embed_message" | "index_document", unit: string, runBatch: () => Promise<{ claimed: number }>) {
  const startedAt = performance.now();
  let progress = await getReindexProgress(firstJobId, kind);
  while (progress.open > 0) {
    const { claimed } = await runBatch();
    // Nothing claimable means the rest wait for their retry backoff.
    if (claimed === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    progress = await getReindexProgress(firstJobId, kind);
    if (process.stderr.isTTY) process.stderr.write(`\r${progressBar(progress, startedAt, unit)}`);
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  return progress;
}

async function main() {
  const onlyMissing = process.argv.includes("--missing");
  const provider = getEmbeddingProvider();
  const { model } = provider;
  await boot({ worker: false });
  const startedAt = performance.now();
  const messages = await enqueueReindex({ model, onlyMissing });
  console.log(`Re-embedding ${messages.queued} message${messages.queued === 1 ? "" : "s"} with ${model}${onlyMissing ? " (only those missing a vector)" : ""}.`);
  const messagesEnded = messages.firstJobId === null ? null : await follow(messages.firstJobId, "embed_message", "msg", runEmbeddingBatch);
  // Documents are always re-indexed only where they lack the model's vectors: their passages do
  // not change, so those already embedded with it are kept. Their owners are not charged.
  const documents = await enqueueDocumentReindex({ model });
  console.log(`Re-indexing ${documents.queued} document${documents.queued === 1 ? "" : "s"} with ${model} (their passages without its vectors).`);
  const documentsEnded = documents.firstJobId === null ? null : await follow(documents.firstJobId, "index_document", "doc", () => runDocumentBatch(provider));

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const failed = (messagesEnded?.dead ?? 0) + (documentsEnded?.dead ?? 0);
  console.log(
    `Done in ${seconds}s: ${messagesEnded?.done ?? 0} messages embedded, ${documentsEnded?.done ?? 0} documents indexed, ${failed} failed${failed ? " (see last_error in private.jobs)" : ""}.`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
