import "server-only";
import { workerDatabase } from "@/lib/jobs/queue";
import type { Job } from "@/lib/jobs/types";
import { metrics } from "@/lib/monitoring/metrics";
import { embedMessageJobs } from "@/supabase/functions/_shared/embed-message-jobs";
import type { EmbeddingProvider } from "./embeddings/types";

/**
 * Embeds the messages of a batch of `embed_message` jobs and completes the jobs, by the rules the
 * edge function shares (supabase/functions/_shared/embed-message-jobs.ts), counting the vectors
 * made in embeddings_generated_total. Answers the ids of the jobs it handled.
 */
export async function embedMessages(jobs: Job[], provider: EmbeddingProvider): Promise<number[]> {
  const { jobIds, embedded } = await embedMessageJobs(workerDatabase, jobs, provider);
  metrics().embeddingsGenerated.inc({ model: provider.model }, embedded);
  return jobIds;
}
