// The `embed_message` job, shared by the Next app's local worker (lib/memory/embed-messages.ts)
// and the jobs-worker edge function, so both store the same vectors under the same rules.
import { arrayLiteral, completeJobs, type JobsDatabase } from "./job-queue.ts";
import type { Job } from "./job-types.ts";

/** What the job needs of an embeddings provider (both sides' ports have it). */
export interface Embedder {
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/** Long messages are embedded by their beginning: the model's input limit, and where meaning usually is. */
export const maxEmbeddedCharacters = 8000;

/** pgvector's text form, for a bound value cast to `vector`. */
export const toVectorLiteral = (vector: readonly number[]) => `[${vector.join(",")}]`;

type MessageToEmbed = {
  id: string;
  user_id: string;
  chat_id: string;
  content: string;
  /** When the text was read, to the microsecond: the vector is of the text as it was then. */
  read_at: string;
};

export interface EmbedResult {
  /** The jobs of the batch, all completed (or left pending when their message changed meanwhile). */
  jobIds: number[];
  /** Messages embedded and stored; the rest needed nothing. */
  embedded: number;
}

/**
 * Embeds the messages of a batch of `embed_message` jobs and stores the vectors with the model
 * that made them, completing the jobs in the same transaction. Messages deleted meanwhile, and
 * messages that already have a vector of this model made since their last change, complete with
 * nothing to do (a re-index job with `force` embeds anyway). A job put back to run again while it
 * ran (its message changed) is left pending. Messages of a chat out of memory (temporary or
 * excluded) are not sent to the provider; the database would not store their vectors anyway.
 * The provider is called outside any transaction.
 */
export async function embedMessageJobs(db: JobsDatabase, jobs: readonly Job[], provider: Embedder): Promise<EmbedResult> {
  const messageIds = jobs.map((job) => String(job.payload.messageId));
  const forced = jobs.filter((job) => job.payload.force === true).map((job) => String(job.payload.messageId));
  const messages = await db.transaction((query) => query<MessageToEmbed>`
    select m.id, m.user_id, m.chat_id, m.content, now()::text as read_at from public.messages m
    join public.chats c on c.id = m.chat_id and c.in_memory
    where m.id = any(${arrayLiteral(messageIds)}::uuid[])
      and (m.id = any(${arrayLiteral(forced)}::uuid[]) or not exists (
        select 1 from public.message_embeddings e
        where e.message_id = m.id and e.model = ${provider.model} and e.created_at >= m.updated_at))`);
  const vectors = messages.length ? await provider.embed(messages.map((message) => message.content.slice(0, maxEmbeddedCharacters))) : [];

  const jobIds = jobs.map((job) => job.id);
  await db.transaction(async (query) => {
    for (const [index, message] of messages.entries()) {
      // A vector of text read later (by another worker) is not replaced by one of older text.
      await query`
        insert into public.message_embeddings as e (message_id, user_id, chat_id, model, embedding, created_at)
        values (${message.id}, ${message.user_id}, ${message.chat_id}, ${provider.model}, ${toVectorLiteral(vectors[index]!)}::vector, ${message.read_at}::timestamptz)
        on conflict (message_id, model) do update set embedding = excluded.embedding, created_at = excluded.created_at
        where e.created_at <= excluded.created_at`;
    }
    await completeJobs(query, jobIds);
  });
  return { jobIds, embedded: messages.length };
}
