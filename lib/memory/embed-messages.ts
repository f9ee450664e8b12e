import "server-only";
import { sql } from "drizzle-orm";
import { withService } from "@/lib/db/transaction";
import { metrics } from "@/lib/monitoring/metrics";
import type { Job } from "@/lib/jobs/types";
import { toVectorLiteral } from "./embeddings/provider";
import type { EmbeddingProvider } from "./embeddings/types";

/** Long messages are embedded by their beginning: the model's input limit, and where meaning usually is. */
const maxEmbeddedCharacters = 8000;

type MessageToEmbed = {
  id: string;
  user_id: string;
  chat_id: string;
  content: string;
  /** When the text was read, to the microsecond: the vector is of the text as it was then. */
  read_at: string;
};

/**
 * Embeds the messages of a batch of `embed_message` jobs and stores the vectors, completing the
 * jobs in the same transaction. Messages deleted meanwhile, and messages that already have a
 * vector of this model made since their last change, complete with nothing to do (a re-index job
 * with `force` embeds anyway). A job put back to run again while it ran (its message changed) is
 * left pending. The provider is called outside any transaction.
 */
export async function embedMessages(jobs: Job[], provider: EmbeddingProvider): Promise<number[]> {
  const ids = jobs.map((job) => String(job.payload.messageId));
  const forced = jobs.filter((job) => job.payload.force === true).map((job) => String(job.payload.messageId));
  const messages = await withService("jobs.worker", async (tx) => {
    const result = await tx.execute<MessageToEmbed>(sql`
      select m.id, m.user_id, m.chat_id, m.content, now()::text as read_at from public.messages m
      where m.id = any(${`{${ids.join(",")}}`}::uuid[])
        and (m.id = any(${`{${forced.join(",")}}`}::uuid[]) or not exists (
          select 1 from public.message_embeddings e
          where e.message_id = m.id and e.model = ${provider.model} and e.created_at >= m.updated_at))`);
    return result.rows;
  });
  const vectors = messages.length ? await provider.embed(messages.map((message) => message.content.slice(0, maxEmbeddedCharacters))) : [];

  const jobIds = jobs.map((job) => job.id);
  await withService("jobs.worker", async (tx) => {
    for (const [index, message] of messages.entries()) {
      // A vector of text read later (by another worker) is not replaced by one of older text.
      await tx.execute(sql`
        insert into public.message_embeddings as e (message_id, user_id, chat_id, model, embedding, created_at)
        values (${message.id}, ${message.user_id}, ${message.chat_id}, ${provider.model}, ${toVectorLiteral(vectors[index]!)}::vector, ${message.read_at}::timestamptz)
        on conflict (message_id, model) do update set embedding = excluded.embedding, created_at = excluded.created_at
        where e.created_at <= excluded.created_at`);
    }
    await tx.execute(sql`update private.jobs set status = 'done', locked_at = null, last_error = null, updated_at = now()
                         where id = any(${`{${jobIds.join(",")}}`}::bigint[]) and status = 'running'`);
  });
  metrics().embeddingsGenerated.inc({ model: provider.model }, messages.length);
  return jobIds;
}
