import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { uuidArray } from "../array-literal";
import type { Database, Transaction } from "../client";

export type DocumentStatus = "queued" | "indexing" | "ready" | "error";
export type DocumentScope = "memory" | "chat";

export interface DocumentRow {
  id: string;
  userId: string;
  name: string;
  mimeType: string;
  bytes: number;
  pages: number | null;
  status: DocumentStatus;
  progress: number;
  error: string | null;
  scope: DocumentScope;
  chatId: string | null;
  storagePath: string;
  createdAt: Date;
  /** Null while a signed upload waits for its file (POST /api/documents/:id/uploaded). */
  uploadedAt: Date | null;
}

type RawDocumentRow = {
  id: string;
  user_id: string;
  name: string;
  mime_type: string;
  bytes: string | number;
  pages: number | null;
  status: DocumentStatus;
  progress: number;
  error: string | null;
  scope: DocumentScope;
  chat_id: string | null;
  storage_path: string;
  created_at: string | Date;
  uploaded_at: string | Date | null;
};

const columns = sql`id, user_id, name, mime_type, bytes, pages, status, progress, error, scope, chat_id, storage_path, created_at, uploaded_at`;

const toDocumentRow = (row: RawDocumentRow): DocumentRow => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  mimeType: row.mime_type,
  bytes: Number(row.bytes),
  pages: row.pages,
  status: row.status,
  progress: Number(row.progress),
  error: row.error,
  scope: row.scope,
  chatId: row.chat_id,
  storagePath: row.storage_path,
  createdAt: new Date(row.created_at),
  uploadedAt: row.uploaded_at === null ? null : new Date(row.uploaded_at),
});

/**
 * Takes the user's document lock for the rest of the transaction (uploads of one person are
 * counted one at a time, on every process) and answers what they hold now.
 */
export async function lockDocumentTotals(tx: Transaction, { userId }: { userId: string }): Promise<{ count: number; bytes: number }> {
  const rows = await tx.execute<{ count: number; bytes: string | number }>(sql`
    with held as (select pg_advisory_xact_lock(hashtextextended(${`documents.quota:${userId}`}, 0)))
    select count(d.id)::int as count, coalesce(sum(d.bytes), 0)::bigint as bytes
    from held left join public.documents d on d.user_id = ${userId}`);
  const row = rows.rows[0];
  return { count: row?.count ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/**
 * Null when `chatId` names no chat of the user's (the policy refuses it as well). A document made
 * with `awaitingUpload` has no file yet: it is queued for indexing once `markDocumentUploaded` runs.
 */
export async function createDocument(
  tx: Transaction,
  input: Pick<DocumentRow, "id" | "userId" | "name" | "mimeType" | "bytes" | "pages" | "scope" | "chatId" | "storagePath"> & { awaitingUpload?: boolean },
): Promise<DocumentRow | null> {
  const rows = await tx.execute<RawDocumentRow>(sql`
    insert into public.documents (id, user_id, name, mime_type, bytes, pages, scope, chat_id, storage_path, uploaded_at)
    select ${input.id}, ${input.userId}, ${input.name}, ${input.mimeType}, ${input.bytes}, ${input.pages}, ${input.scope}, ${input.chatId}, ${input.storagePath},
      ${input.awaitingUpload ? null : sql`now()`}
    where ${input.chatId}::uuid is null or exists (select 1 from public.chats c where c.id = ${input.chatId} and c.user_id = ${input.userId})
    returning ${columns}`);
  const row = rows.rows[0];
  return row ? toDocumentRow(row) : null;
}

export async function listDocumentsByUserId(tx: Transaction, { userId }: { userId: string }): Promise<DocumentRow[]> {
  const rows = await tx.execute<RawDocumentRow>(sql`
    select ${columns} from public.documents where user_id = ${userId} order by created_at desc, id desc`);
  return rows.rows.map(toDocumentRow);
}

export async function getDocumentById(tx: Transaction | Database, { id, userId }: { id: string; userId: string }): Promise<DocumentRow | null> {
  const rows = await tx.execute<RawDocumentRow>(sql`select ${columns} from public.documents where id = ${id} and user_id = ${userId}`);
  const row = rows.rows[0];
  return row ? toDocumentRow(row) : null;
}

export type DocumentPassageRow = {
  ordinal: number;
  page: number | null;
  section: string | null;
  content: string;
};

/**
 * A document's passages in order, one per place: each with `model`'s copy when it has one (while a
 * re-index to a new model goes on, the passages not yet embedded with it are the old model's).
 */
export async function listDocumentPassages(tx: Transaction, { documentId, userId, model }: { documentId: string; userId: string; model: string }): Promise<DocumentPassageRow[]> {
  const rows = await tx.execute<DocumentPassageRow>(sql`
    select distinct on (ordinal) ordinal, page, section, content
    from public.document_chunks
    where document_id = ${documentId} and user_id = ${userId}
    order by ordinal, (model = ${model}) desc`);
  return rows.rows;
}

export type AttachableDocumentRow = {
  id: string;
  name: string;
  status: DocumentStatus;
  uploaded_at: string | Date | null;
  scope: DocumentScope;
  chat_id: string | null;
};

/** Those of these documents that are the user's, to check before they are attached to a message. */
export async function listAttachableDocuments(tx: Transaction, { ids, userId }: { ids: string[]; userId: string }): Promise<AttachableDocumentRow[]> {
  const rows = await tx.execute<AttachableDocumentRow>(sql`
    select id, name, status, uploaded_at, scope, chat_id from public.documents where id = any(${uuidArray(ids)}::uuid[]) and user_id = ${userId}`);
  return rows.rows;
}

/** The `messages.attachments` of a question: these documents of the user's, by id and name, in the order given. */
export const attachmentsOf = ({ ids, userId }: { ids: string[]; userId: string }): SQL => sql`(
  select coalesce(jsonb_agg(jsonb_build_object('documentId', d.id, 'name', d.name) order by array_position(${uuidArray(ids)}::uuid[], d.id)), '[]'::jsonb)
  from public.documents d where d.id = any(${uuidArray(ids)}::uuid[]) and d.user_id = ${userId})`;

/** Deletes the document (its passages by cascade, its jobs by trigger); answers its storage path. */
export async function deleteDocumentById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<string | null> {
  const rows = await tx.execute<{ storage_path: string }>(sql`
    delete from public.documents where id = ${id} and user_id = ${userId} returning storage_path`);
  return rows.rows[0]?.storage_path ?? null;
}

/** A failed document back to the queue (the trigger queues its job); null unless it had failed. */
export async function requeueFailedDocument(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<DocumentRow | null> {
  const rows = await tx.execute<RawDocumentRow>(sql`
    update public.documents set status = 'queued', progress = 0, error = null, updated_at = now()
    where id = ${id} and user_id = ${userId} and status = 'error'
    returning ${columns}`);
  const row = rows.rows[0];
  return row ? toDocumentRow(row) : null;
}

/** The checked file's real type and pages, which queues the document's indexing (the trigger); null unless it was waiting. */
export async function markDocumentUploaded(
  tx: Transaction,
  { id, userId, mimeType, pages }: { id: string; userId: string; mimeType: string; pages: number | null },
): Promise<DocumentRow | null> {
  const rows = await tx.execute<RawDocumentRow>(sql`
    update public.documents set mime_type = ${mimeType}, pages = ${pages}, uploaded_at = now(), updated_at = now()
    where id = ${id} and user_id = ${userId} and uploaded_at is null
    returning ${columns}`);
  const row = rows.rows[0];
  return row ? toDocumentRow(row) : null;
}

// The worker's side, as the database owner (lib/documents/index-documents.ts).

export async function getDocumentForWorker(db: Transaction | Database, { id }: { id: string }): Promise<DocumentRow | null> {
  const rows = await db.execute<RawDocumentRow>(sql`select ${columns} from public.documents where id = ${id}`);
  const row = rows.rows[0];
  return row ? toDocumentRow(row) : null;
}

export async function updateDocumentProgress(
  db: Transaction | Database,
  { id, status, progress, error = null }: { id: string; status: DocumentStatus; progress: number; error?: string | null },
): Promise<void> {
  await db.execute(sql`
    update public.documents set status = ${status}, progress = ${progress}, error = ${error ? error.slice(0, 500) : null}, updated_at = now()
    where id = ${id}`);
}

/** The ordinals already stored with `model`: a retried job embeds only the rest. */
export async function listStoredChunkOrdinals(db: Transaction | Database, { documentId, model }: { documentId: string; model: string }): Promise<Set<number>> {
  const rows = await db.execute<{ ordinal: number }>(sql`
    select ordinal from public.document_chunks where document_id = ${documentId} and model = ${model}`);
  return new Set(rows.rows.map((row) => row.ordinal));
}

export interface ChunkToStore {
  ordinal: number;
  page: number | null;
  section: string | null;
  content: string;
  vectorLiteral: string;
}

export async function insertDocumentChunks(
  tx: Transaction,
  { documentId, userId, model, chunks }: { documentId: string; userId: string; model: string; chunks: ChunkToStore[] },
): Promise<void> {
  if (chunks.length === 0) return;
  await tx.execute(sql`
    insert into public.document_chunks (document_id, user_id, ordinal, page, section, content, model, embedding)
    select ${documentId}, ${userId}, c.ordinal, c.page, c.section, c.content, ${model}, c.embedding::extensions.vector
    from jsonb_to_recordset(${JSON.stringify(chunks.map((chunk) => ({ ...chunk, embedding: chunk.vectorLiteral, vectorLiteral: undefined })))}::jsonb)
      as c(ordinal int, page int, section text, content text, embedding text)
    on conflict do nothing`);
}

/** Passages of a document made by another model than the current one are of no use to search. */
export async function deleteChunksOfOtherModels(tx: Transaction, { documentId, model }: { documentId: string; model: string }): Promise<void> {
  await tx.execute(sql`delete from public.document_chunks where document_id = ${documentId} and model <> ${model}`);
}

/** Reserves what embedding a document's passages costs, on the owner's ledger (settled below). */
export async function reserveDocumentCharge(
  tx: Transaction,
  { userId, documentId, model, maxCostMicroUsd, tokens }: { userId: string; documentId: string; model: string; maxCostMicroUsd: number; tokens: number },
): Promise<string> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into public.usage_charges (user_id, kind, document_id, model, max_cost_micro_usd, prompt_tokens)
    values (${userId}, 'document', ${documentId}, ${model}, ${maxCostMicroUsd}, ${tokens})
    returning id`);
  return rows.rows[0]!.id;
}

/** Which of these storage paths a document row still names (the file sweep's question). */
export async function listStoredPaths(db: Transaction | Database, { storagePaths }: { storagePaths: string[] }): Promise<Set<string>> {
  const rows = await db.execute<{ storage_path: string }>(sql`
    select storage_path from public.documents where storage_path = any(${`{${storagePaths.map((value) => `"${value.replace(/["\\]/g, "")}"`).join(",")}}`}::text[])`);
  return new Set(rows.rows.map((row) => row.storage_path));
}

/**
 * Deletes documents whose signed upload was never finished, made before `before` (a signed URL
 * lasts two hours); their files, if any arrived, are left to the sweep of files no row names.
 */
export async function deleteUnfinishedUploads(db: Transaction | Database, { before, limit }: { before: Date; limit: number }): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    delete from public.documents where id in (
      select id from public.documents where uploaded_at is null and created_at < ${before.toISOString()} order by created_at limit ${limit})
    returning id`);
  return rows.rows.length;
}
