import "server-only";
import { sql } from "drizzle-orm";
import { uuidArray } from "@/lib/db/array-literal";
import { withService } from "@/lib/db/transaction";

export type ReindexProgress = {
  total: number;
  done: number;
  dead: number;
  open: number;
};

/**
 * Queues an embedding job for every stored message (or only those without a vector of `model`),
 * so re-indexing runs through the same durable jobs table and worker as everyday embedding. A full
 * re-index is forced: the worker embeds again messages that already have a current vector. A
 * message with an open job keeps that one job. Returns the id of the first queued job, to follow
 * progress from.
 */
export async function enqueueReindex({ model, onlyMissing }: { model: string; onlyMissing: boolean }): Promise<{ queued: number; firstJobId: number | null }> {
  return withService("memory.reindex", async (tx) => {
    const result = await tx.execute<{ id: number }>(sql`
      insert into private.jobs (kind, user_id, payload)
      select 'embed_message', m.user_id, jsonb_build_object('messageId', m.id${onlyMissing ? sql`` : sql`, 'force', true`})
      from public.messages m
      where m.content <> '' and m.status in ('complete', 'stopped')
        ${onlyMissing ? sql`and not exists (select 1 from public.message_embeddings e where e.message_id = m.id and e.model = ${model})` : sql``}
      order by m.created_at
      on conflict ((payload ->> 'messageId')) where kind = 'embed_message' and status in ('pending', 'running') do nothing
      returning id`);
    const ids = result.rows.map((row) => row.id);
    return { queued: ids.length, firstJobId: ids.length ? Math.min(...ids) : null };
  });
}

/**
 * Puts every indexed document that lacks `model`'s vectors (or keeps another model's) back to be
 * indexed: its trigger queues the job, marked as a re-index, so its owner is not charged (the
 * operator chose the new model). Only the passages without `model`'s vector are embedded; the old
 * model's go once the document is done. Returns the id of the first job, to follow progress from.
 */
export async function enqueueDocumentReindex({ model }: { model: string }): Promise<{ queued: number; firstJobId: number | null }> {
  return withService("memory.reindex", async (tx) => {
    const documents = await tx.execute<{ id: string }>(sql`
      update public.documents d set status = 'queued', progress = 0, error = null
      where d.status = 'ready'
        and (exists (select 1 from public.document_chunks c where c.document_id = d.id and c.model <> ${model})
             or not exists (select 1 from public.document_chunks c where c.document_id = d.id and c.model = ${model}))
      returning d.id`);
    if (documents.rows.length === 0) return { queued: 0, firstJobId: null };
    const jobs = await tx.execute<{ id: number }>(sql`
      update private.jobs set payload = payload || '{"reindex": true}'::jsonb
      where kind = 'index_document' and status = 'pending'
        and payload ->> 'documentId' = any(${uuidArray(documents.rows.map((row) => row.id))}::text[])
      returning id`);
    const ids = jobs.rows.map((row) => row.id);
    return { queued: ids.length, firstJobId: ids.length ? Math.min(...ids) : null };
  });
}

export async function getReindexProgress(firstJobId: number, kind: "embed_message" | "index_document" = "embed_message"): Promise<ReindexProgress> {
  const result = await withService("memory.reindex", (tx) =>
    tx.execute<ReindexProgress>(sql`
      select count(*)::int as total,
             count(*) filter (where status = 'done')::int as done,
             count(*) filter (where status = 'dead')::int as dead,
             count(*) filter (where status in ('pending', 'running'))::int as open
      from private.jobs where kind = ${kind} and id >= ${firstJobId}`),
  );
  return result.rows[0]!;
}
