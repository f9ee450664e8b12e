import type { Sql } from "./db.ts";
import { type EmbeddingProvider, toVectorLiteral } from "./embeddings.ts";
import type { Job, JobKind } from "./job-types.ts";

// The same queue semantics as the Next app's local worker (lib/jobs/queue.ts), over the same table.
// Every statement runs in a transaction, as the app's withService does; pglite-socket, the
// wire-protocol Postgres of the tests, keeps concurrent connections apart only inside one.

export type { Job, JobKind };

/** A claimed job whose worker died is claimable again after this long. */
export const leaseSeconds = 120;

/** Long messages are embedded by their beginning, as lib/memory/embed-messages.ts does. */
const maxEmbeddedCharacters = 8000;

type JobRow = {
  id: string | number;
  kind: JobKind;
  user_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
};

/**
 * Claims up to `limit` due jobs of one kind, oldest first, counting the attempt. `skip locked`
 * lets several invocations share the table without taking the same job.
 */
export async function claimJobs(sql: Sql, kind: JobKind, limit: number): Promise<Job[]> {
  const rows = await sql.begin((tx) => tx<JobRow[]>`
    update private.jobs set status = 'running', locked_at = now(), attempts = attempts + 1, updated_at = now()
    where id in (
      select id from private.jobs
      where kind = ${kind}
        and ((status = 'pending' and run_after <= now())
          or (status = 'running' and locked_at < now() - make_interval(secs => ${leaseSeconds})))
      order by run_after, id
      limit ${limit}
      for update skip locked
    )
    returning id, kind, user_id, payload, attempts, max_attempts`);
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    userId: row.user_id,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  }));
}

/** Puts the jobs back with exponential backoff, or marks them dead after their last attempt. */
export async function failJobs(sql: Sql, jobs: Job[], error: string, retryBaseMs: number): Promise<void> {
  if (jobs.length === 0) return;
  await sql.begin(async (tx) => {
    for (const job of jobs) {
      const delayMs = Math.min(retryBaseMs * 2 ** (job.attempts - 1), 15 * 60_000);
      await tx`
        update private.jobs set
          status = case when attempts >= max_attempts then 'dead' else 'pending' end,
          run_after = now() + make_interval(secs => ${delayMs / 1000}),
          locked_at = null, last_error = ${error.slice(0, 1000)}, updated_at = now()
        where id = ${job.id}`;
    }
  });
}

type MessageToEmbed = { id: string; user_id: string; chat_id: string; content: string; read_at: string };

/**
 * Embeds the messages of a batch of `embed_message` jobs and stores the vectors with the model
 * that made them, completing the jobs in the same transaction (as lib/memory/embed-messages.ts):
 * messages deleted meanwhile, and messages that already have a vector of this model made since
 * their last change, complete with nothing to do (a re-index job with `force` embeds anyway); a
 * job put back to run again while it ran is left pending. The provider is called outside any
 * transaction.
 */
export async function embedMessageJobs(sql: Sql, jobs: Job[], provider: EmbeddingProvider): Promise<number[]> {
  const messageIds = jobs.map((job) => String(job.payload.messageId));
  const forced = jobs.filter((job) => job.payload.force === true).map((job) => String(job.payload.messageId));
  const messages = await sql.begin((tx) => tx<MessageToEmbed[]>`
    select m.id, m.user_id, m.chat_id, m.content, now()::text as read_at from public.messages m
    where m.id = any(${messageIds}::uuid[])
      and (m.id = any(${forced}::uuid[]) or not exists (
        select 1 from public.message_embeddings e
        where e.message_id = m.id and e.model = ${provider.model} and e.created_at >= m.updated_at))`);
  const vectors = messages.length ? await provider.embed(messages.map((message) => message.content.slice(0, maxEmbeddedCharacters))) : [];

  const jobIds = jobs.map((job) => job.id);
  await sql.begin(async (tx) => {
    for (const [index, message] of messages.entries()) {
      await tx`
        insert into public.message_embeddings as e (message_id, user_id, chat_id, model, embedding, created_at)
        values (${message.id}, ${message.user_id}, ${message.chat_id}, ${provider.model}, ${toVectorLiteral(vectors[index]!)}::vector, ${message.read_at}::timestamptz)
        on conflict (message_id, model) do update set embedding = excluded.embedding, created_at = excluded.created_at
        where e.created_at <= excluded.created_at`;
    }
    await tx`update private.jobs set status = 'done', locked_at = null, last_error = null, updated_at = now()
             where id = any(${jobIds}::bigint[]) and status = 'running'`;
  });
  return jobIds;
}

export interface BatchResult {
  claimed: number;
  done: number;
  failed: number;
}

/** Claims and runs one batch of embedding jobs; a failure puts the whole batch back with backoff. */
export async function runEmbeddingBatch(
  sql: Sql,
  provider: EmbeddingProvider,
  { limit, retryBaseMs }: { limit: number; retryBaseMs: number },
): Promise<BatchResult & { error?: string }> {
  const jobs = await claimJobs(sql, "embed_message", limit);
  if (jobs.length === 0) return { claimed: 0, done: 0, failed: 0 };
  try {
    const done = await embedMessageJobs(sql, jobs, provider);
    return { claimed: jobs.length, done: done.length, failed: 0 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await failJobs(sql, jobs, message, retryBaseMs);
    return { claimed: jobs.length, done: 0, failed: jobs.length, error: message };
  }
}
