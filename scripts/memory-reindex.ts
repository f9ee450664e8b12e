/**
 * `npm run memory:reindex [-- --missing]`: re-embeds every message with the current embedding
 * model through the jobs table, showing a progress bar and a summary. The embedded database allows
 * one process: stop `npm run dev` / `npm start` first (the lock names the holder if you forget).
 */
import "./load-env";
import { boot } from "@/lib/boot";
import { closeDb } from "@/lib/db/client";
import { runEmbeddingBatch } from "@/lib/jobs/worker";
import { getEmbeddingProvider } from "@/lib/memory/embeddings/provider";
import { enqueueReindex, getReindexProgress, type ReindexProgress } from "@/lib/memory/reindex";

function progressBar({ total, done, dead }: ReindexProgress, startedAt: number): string {
  const width = 30;
  const finished = done + dead;
  const filled = total ? Math.round((finished / total) * width) : width;
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = seconds > 0 ? finished / seconds : 0;
  const eta = rate > 0 ? Math.ceil((total - finished) / rate) : 0;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${finished}/${total}  ${rate.toFixed(0)} msg/s  eta ${eta}s${dead ? `  failed ${dead}` : ""}`;
}

async function main() {
  const onlyMissing = process.argv.includes("--missing");
  const { model } = getEmbeddingProvider();
  await boot({ worker: false });
  const startedAt = performance.now();
  const { queued, firstJobId } = await enqueueReindex({ model, onlyMissing });
  console.log(`Re-embedding ${queued} message${queued === 1 ? "" : "s"} with ${model}${onlyMissing ? " (only those missing a vector)" : ""}.`);
  if (firstJobId === null) return;

  let progress = await getReindexProgress(firstJobId);
  while (progress.open > 0) {
    const { claimed } = await runEmbeddingBatch();
    // Nothing claimable means the rest wait for their retry backoff.
    if (claimed === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    progress = await getReindexProgress(firstJobId);
    if (process.stderr.isTTY) process.stderr.write(`\r${progressBar(progress, startedAt)}`);
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`Done in ${seconds}s: ${progress.done} embedded, ${progress.dead} failed${progress.dead ? " (see last_error in private.jobs)" : ""}.`);
  process.exitCode = progress.dead > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
