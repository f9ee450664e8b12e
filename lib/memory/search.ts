import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { getEmbeddingProvider, toVectorLiteral } from "./embeddings/provider";
import type { EmbeddingModelId } from "./embeddings/types";
import { snippetFor } from "./snippet";
import type { MemoryResult } from "./types";

/** Below these cosine similarities a hit is noise for that model. */
const similarityFloors: Record<EmbeddingModelId, number> = {
  "offline-hash": 0.12,
  "text-embedding-3-small": 0.3,
};

interface SearchOptions {
  query: string;
  limit: number;
  /** Leave out one chat (the one being answered, whose messages are already in context). */
  excludeChatId?: string;
  snippetLength?: number;
  /** The query's vector when the caller already started embedding it (the chat turn does). */
  queryVector?: Promise<number[]>;
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
 * Nearest messages of the caller by cosine similarity, through the model's HNSW index. Iterative
 * index scans keep the filters (user, model, chat) from starving the result; the outer query puts
 * the relaxed order back (sorting ten rows, which `enable_sort = off` still allows when it must).
 */
async function findNearest(
  tx: Transaction,
  user: DbUser,
  { model, dimensions, vector, limit, excludeChatId }: { model: EmbeddingModelId; dimensions: number; vector: number[]; limit: number; excludeChatId?: string },
): Promise<HitRow[]> {
  const typed = sql.raw(`vector(${Number(dimensions)})`);
  // With many rows per user the planner would rather filter by user and sort every vector by
  // distance (an exact scan, hundreds of ms at 100k messages); without sorts it walks the index.
  await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true),
                              set_config('enable_sort', 'off', true)`);
  const result = await tx.execute<HitRow>(sql`
    with nearest as materialized (
      select message_id, chat_id, embedding::${typed} <=> ${toVectorLiteral(vector)}::${typed} as distance
      from public.message_embeddings
      where user_id = ${user.id} and model = ${model}
        ${excludeChatId ? sql`and chat_id <> ${excludeChatId}` : sql``}
      order by embedding::${typed} <=> ${toVectorLiteral(vector)}::${typed}
      limit ${limit}
    )
    select n.message_id, n.chat_id, c.title as chat_title, m.role, m.content, m.created_at,
           (1 - n.distance)::float8 as similarity
    from nearest n
    join public.messages m on m.id = n.message_id
    join public.chats c on c.id = n.chat_id
    where 1 - n.distance >= ${similarityFloors[model]}
    order by n.distance`);
  return result.rows;
}

export async function embedQuery(query: string): Promise<number[]> {
  const [vector] = await getEmbeddingProvider().embed([query]);
  return vector!;
}

/** Searches the caller's own messages by meaning. The query is embedded outside any transaction. */
export async function searchMemory(user: DbUser, { query, limit, excludeChatId, snippetLength, queryVector }: SearchOptions): Promise<MemoryResult[]> {
  const provider = getEmbeddingProvider();
  const vector = await (queryVector ?? embedQuery(query));
  const rows = await withUser(user, (tx) =>
    findNearest(tx, user, { model: provider.model, dimensions: provider.dimensions, vector, limit, excludeChatId }),
  );
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
