import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { uuidArray } from "@/lib/db/array-literal";
import type { Transaction } from "@/lib/db/client";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { getEmbeddingProvider, toVectorLiteral } from "./embeddings/provider";
import type { EmbeddingModelId } from "./embeddings/types";
import { snippetFor } from "./snippet";
import type { DocumentPassageResult } from "@/lib/documents/types";
import type { MemoryResult, MemorySearchResult, MemorySource } from "./types";

/** Below these cosine similarities a hit is noise for that model. */
export const similarityFloors: Record<EmbeddingModelId, number> = {
  "offline-hash": 0.12,
  "text-embedding-3-small": 0.3,
};

/**
 * Up to this many vectors of the caller, an exact scan of them all is both cheaper than walking
 * the index and exact; above it, the HNSW index. A graph walk filtered to a user who holds a
 * sliver of the table must visit most of the graph to collect ten of theirs, and gives up before
 * it does (bench/memory.ts measures both sides: `npm run bench:memory`).
 */
const exactScanMaxRows = 300;
/**
 * Candidates the HNSW walk keeps. Iterative scans (below) extend the walk when filters leave too
 * few; this sets how close to exact the ten are, and most of a search's cost. Measured in one run
 * of bench/memory.ts at 100,000 messages and 10,000 passages (a heavy user's p95 / recall@10;
 * messages and passages searched at once): 200: 16.7 ms / 0.979, 24.5 ms / 0.985; 100: 14.3 ms /
 * 0.962, 18.1 ms / 0.968; 64: 10.5 ms / 0.945. 100 is the smallest that keeps recall ≥ 0.95 in
 * every case, and the only one of those inside the 20 ms budget with both sources.
 */
const efSearch = 100;

// Transactions whose index walks are tuned already: the settings last until the transaction ends.
const tunedTransactions = new WeakSet<Transaction>();

/**
 * Tunes this transaction's HNSW walks (iterative scans, `ef_search`, no sorts: see findNearest),
 * once however many searches it runs (a chat turn searches messages and passages). Not waited for:
 * the searches leave right behind it, on the same connection.
 */
function tuneIndexWalks(tx: Transaction): Promise<unknown> {
  if (tunedTransactions.has(tx)) return Promise.resolve();
  tunedTransactions.add(tx);
  return tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(efSearch)}, true),
                              set_config('enable_sort', 'off', true)`);
}

/**
 * A query with nothing to embed (the offline model hashes no words to the zero vector) points
 * nowhere: its cosine distance to anything is NaN, which Postgres sorts above every number and
 * lets past any similarity floor. Nothing is near it.
 */
const pointsNowhere = (vector: number[]) => vector.every((value) => value === 0);

/**
 * The query's vector as a statement's distances read it: sent once, in a CTE, instead of at each
 * use (1,024 numbers are 20 KB of parameter, parsed again every time). The index walk takes the
 * scalar subquery as the constant it orders by.
 */
function queryVectorOf(vector: number[], dimensions: number) {
  const typed = sql.raw(`vector(${Number(dimensions)})`);
  return {
    cte: sql`query_vector as materialized (select ${toVectorLiteral(vector)}::${typed} as v)`,
    distanceOf: (column: SQL) => sql`${column}::${typed} <=> (select v from query_vector)`,
  };
}

interface SearchOptions {
  query: string;
  limit: number;
  /** Leave out one chat (the one being answered, whose messages are already in context). */
  excludeChatId?: string;
  snippetLength?: number;
}

type HitRow = {
  message_id: string;
  chat_id: string;
  chat_title: string;
  role: "user" | "assistant";
  content: string;
  similarity: number;
  created_at: string | Date;
};

/**
 * Nearest messages of the caller by cosine similarity, in one statement. A bounded count of the
 * caller's vectors picks the plan: an exact scan for a light user, the model's HNSW index for a
 * heavy one. Only the chosen branch runs (each is gated on the count). Iterative index scans keep
 * the filters (user, model, chat) from starving the index walk; the outer query puts its relaxed
 * order back (sorting ten rows, which `enable_sort = off` still allows when it must).
 */
async function findNearest(
  tx: Transaction,
  user: DbUser,
  { model, dimensions, vector, limit, excludeChatId }: { model: EmbeddingModelId; dimensions: number; vector: number[]; limit: number; excludeChatId?: string },
): Promise<HitRow[]> {
  const queryVector = queryVectorOf(vector, dimensions);
  const distance = queryVector.distanceOf(sql`embedding`);
  const mine = sql`user_id = ${user.id} and model = ${model} ${excludeChatId ? sql`and chat_id <> ${excludeChatId}` : sql``}`;
  // With many rows per user the planner would rather filter by user and sort every vector by
  // distance (an exact scan, hundreds of ms for a user with 20,000 messages); without sorts it
  // walks the index. The exact branch sorts all the same: it has no other plan.
  const settings = tuneIndexWalks(tx);
  const searched = tx.execute<HitRow>(sql`
    with ${queryVector.cte},
    light as materialized (
      select count(*) <= ${exactScanMaxRows} as exact
      from (select from public.message_embeddings where user_id = ${user.id} and model = ${model} limit ${exactScanMaxRows + 1}) as counted
    ),
    nearest as materialized (
      -- Adding zero hides the index expression: the exact branch must not walk the index.
      (select message_id, chat_id, (${distance}) + 0 as distance
       from public.message_embeddings
       where ${mine} and (select exact from light)
       order by 3
       limit ${limit})
      union all
      (select message_id, chat_id, ${distance} as distance
       from public.message_embeddings
       where ${mine} and not (select exact from light)
       order by ${distance}
       limit ${limit})
    )
    select n.message_id, n.chat_id, c.title as chat_title, m.role, m.content, m.created_at,
           (1 - n.distance)::float8 as similarity
    from nearest n
    join public.messages m on m.id = n.message_id
    join public.chats c on c.id = n.chat_id
    -- The database keeps no vectors of such chats; this holds even if one slipped through.
    where 1 - n.distance >= ${similarityFloors[model]} and c.in_memory
    order by n.distance`);
  const [, result] = await Promise.all([settings, searched]);
  return result.rows;
}

type PassageRow = {
  document_id: string;
  document_name: string;
  ordinal: number;
  page: number | null;
  section: string | null;
  content: string;
  similarity: number;
  created_at: string | Date;
};

/**
 * Nearest passages of the caller's documents in memory, planned as messages are (an exact scan for
 * a light user, the model's HNSW index for a heavy one). "This chat only" documents stay out, but
 * for the chat they were given to (`chatId`, the chat being answered).
 */
async function findNearestPassages(
  tx: Transaction,
  user: DbUser,
  { model, dimensions, vector, limit, chatId }: { model: EmbeddingModelId; dimensions: number; vector: number[]; limit: number; chatId?: string },
): Promise<PassageRow[]> {
  const queryVector = queryVectorOf(vector, dimensions);
  const distance = queryVector.distanceOf(sql`embedding`);
  const mine = sql`user_id = ${user.id} and model = ${model}`;
  const settings = tuneIndexWalks(tx);
  const searched = tx.execute<PassageRow>(sql`
    with ${queryVector.cte},
    light as materialized (
      select count(*) <= ${exactScanMaxRows} as exact
      from (select from public.document_chunks where user_id = ${user.id} and model = ${model} limit ${exactScanMaxRows + 1}) as counted
    ),
    nearest as materialized (
      (select document_id, ordinal, (${distance}) + 0 as distance
       from public.document_chunks
       where ${mine} and (select exact from light)
       order by 3
       limit ${limit})
      union all
      (select document_id, ordinal, ${distance} as distance
       from public.document_chunks
       where ${mine} and not (select exact from light)
       order by ${distance}
       limit ${limit})
    )
    select n.document_id, d.name as document_name, n.ordinal, c.page, c.section, c.content, d.created_at,
           (1 - n.distance)::float8 as similarity
    from nearest n
    join public.document_chunks c on c.document_id = n.document_id and c.ordinal = n.ordinal and c.model = ${model}
    join public.documents d on d.id = n.document_id
    where 1 - n.distance >= ${similarityFloors[model]} and (d.scope = 'memory' ${chatId ? sql`or d.chat_id = ${chatId}` : sql``})
    order by n.distance`);
  const [, result] = await Promise.all([settings, searched]);
  return result.rows;
}

/**
 * Searches the caller's messages and documents by meaning, best first across both: one
 * transaction whose statements leave at once. The query is embedded outside it.
 */
export async function searchAllMemory(
  user: DbUser,
  { query, limit, sources }: { query: string; limit: number; sources: readonly MemorySource[] },
): Promise<MemorySearchResult[]> {
  const vector = await embedQuery(query);
  const [messages, passages] = await withUserAtOnce(user, (tx) =>
    settledInOrder<[MemoryResult[], DocumentPassageResult[]]>([
      sources.includes("message") ? searchMemoryIn(tx, user, { query, limit, vector }) : Promise.resolve([]),
      sources.includes("document") ? searchPassagesIn(tx, user, { query, limit, vector }) : Promise.resolve([]),
    ]),
  );
  const results: MemorySearchResult[] = [...messages.map((result) => ({ source: "message" as const, ...result })), ...passages];
  return results.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}

/**
 * The searches' answers, once all have settled. The first failure in the order sent is the cause:
 * the statements after it fail only because it aborted the transaction, and whichever of those is
 * heard first would hide it.
 */
export async function settledInOrder<T extends readonly unknown[]>(searches: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(searches);
  const failed = settled.find((search) => search.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((search) => (search as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * The passages of these documents of the caller's nearest the query, however far (they were
 * attached to the question: they are its context whatever their similarity), by an exact scan.
 */
async function findAttachedPassages(
  tx: Transaction,
  user: DbUser,
  { model, dimensions, vector, limit, documentIds }: { model: EmbeddingModelId; dimensions: number; vector: number[]; limit: number; documentIds: string[] },
): Promise<PassageRow[]> {
  const queryVector = queryVectorOf(vector, dimensions);
  const distance = queryVector.distanceOf(sql`c.embedding`);
  const result = await tx.execute<PassageRow>(sql`
    with ${queryVector.cte}
    select c.document_id, d.name as document_name, c.ordinal, c.page, c.section, c.content, d.created_at,
           coalesce(nullif((1 - (${distance}))::float8, 'NaN'), 0) as similarity
    from public.document_chunks c
    join public.documents d on d.id = c.document_id
    where c.user_id = ${user.id} and c.model = ${model} and c.document_id = any(${uuidArray(documentIds)}::uuid[])
    order by ${distance}, c.document_id, c.ordinal
    limit ${limit}`);
  return result.rows;
}

/**
 * Nearest passages of the caller's documents in memory (and of the chat being answered, `chatId`),
 * within a transaction of the caller's, with the query's vector at hand; with `documentIds`, the
 * nearest passages of those documents only, however far.
 */
export async function searchPassagesIn(
  tx: Transaction,
  user: DbUser,
  { query, limit, snippetLength, vector, chatId, documentIds }: { query: string; limit: number; snippetLength?: number; vector: number[]; chatId?: string; documentIds?: string[] },
): Promise<DocumentPassageResult[]> {
  const provider = getEmbeddingProvider();
  const plan = { model: provider.model, dimensions: provider.dimensions, vector, limit };
  // Attached passages are given however far, so even a query that points nowhere gets them.
  if (pointsNowhere(vector) && !documentIds) return [];
  const rows = documentIds ? await findAttachedPassages(tx, user, { ...plan, documentIds }) : await findNearestPassages(tx, user, { ...plan, chatId });
  return rows.map((row) => ({
    source: "document" as const,
    documentId: row.document_id,
    documentName: row.document_name,
    passage: row.ordinal,
    page: row.page,
    section: row.section,
    snippet: snippetFor(row.content, query, snippetLength),
    similarity: Math.round(row.similarity * 1000) / 1000,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

export async function embedQuery(query: string): Promise<number[]> {
  const provider = getEmbeddingProvider();
  const [vector] = await provider.embed([query]);
  // Another model's vector is a fault of the deployment's, never an empty answer (see pointsNowhere).
  if (vector!.length !== provider.dimensions) throw new Error(`the embedding has ${vector!.length} dimensions, not ${provider.dimensions}`);
  return vector!;
}

/** Searches the caller's own messages by meaning. The query is embedded outside any transaction. */
export async function searchMemory(user: DbUser, options: SearchOptions): Promise<MemoryResult[]> {
  const vector = await embedQuery(options.query);
  return withUserAtOnce(user, (tx) => searchMemoryIn(tx, user, { ...options, vector }));
}

/**
 * The same search within a transaction of the caller's (the chat turn's), with the query's
 * vector at hand: its statements are issued at once, to leave with the caller's others.
 */
export async function searchMemoryIn(
  tx: Transaction,
  user: DbUser,
  { query, limit, excludeChatId, snippetLength, vector }: SearchOptions & { vector: number[] },
): Promise<MemoryResult[]> {
  if (pointsNowhere(vector)) return [];
  const provider = getEmbeddingProvider();
  const rows = await findNearest(tx, user, { model: provider.model, dimensions: provider.dimensions, vector, limit, excludeChatId });
  return rows.map((row) => ({
    messageId: row.message_id,
    chatId: row.chat_id,
    chatTitle: row.chat_title,
    role: row.role,
    snippet: snippetFor(row.content, query, snippetLength),
    similarity: Math.round(row.similarity * 1000) / 1000,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
