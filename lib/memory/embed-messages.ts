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
};

/**
 * Embeds the messages of a batch of `embed_message` jobs and stores the vectors, completing the
 * jobs in the same transaction. Jobs whose message was deleted meanwhile complete with nothing
 * to do. The provider is called outside any transaction.
 */
export async function embedMessages(jobs: Job[], provider: EmbeddingProvider): Promise<number[]> {
  const ids = jobs.map((job) => String(job.payload.messageId));
  const messages = await withService("jobs.worker", async (tx) => {
    const result = await tx.execute<MessageToEmbed>(
      sql`select id, user_id, chat_id, content from public.messages where id = any(${`{${ids.join(",")}}`}::uuid[])`,
    );
    return result.rows;
  });
  const vectors = messages.length ? await provider.embed(messages.map((message) => message.content.slice(0, maxEmbeddedCharacters))) : [];

  const jobIds = jobs.map((job) => job.id);
  await withService("jobs.worker", async (tx) => {
    for (const [index, message] of messages.entries()) {
      await tx.execute(sql`
        insert into public.message_embeddings (message_id, user_id, chat_id, model, embedding)
        values (${message.id}, ${message.user_id}, ${message.chat_id}, ${provider.model}, ${toVectorLiteral(vectors[index]!)}::vector)
        on conflict (message_id, model) do update set embedding = excluded.embedding, created_at = now()`);
    }
    await tx.execute(sql`update private.jobs set status = 'done', locked_at = null, last_error = null, updated_at = now()
                         where id = any(${`{${jobIds.join(",")}}`}::bigint[])`);
  });
  metrics().embeddingsGenerated.inc({ model: provider.model }, messages.length);
  return jobIds;
}
