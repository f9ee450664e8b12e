import "server-only";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { UsedMemory } from "../types";
import type { Database, Transaction } from "../client";
import { messages, type MessageRole, type MessageRow, type MessageStatus } from "../schema";

export async function listMessagesByChatId(
  tx: Transaction,
  { chatId, userId }: { chatId: string; userId: string },
): Promise<MessageRow[]> {
  return tx
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), eq(messages.userId, userId)))
    .orderBy(asc(messages.seq));
}

/** The last `limit` messages of a chat, oldest first: the model's context window. */
export async function listRecentMessagesByChatId(
  tx: Transaction,
  { chatId, userId, limit }: { chatId: string; userId: string; limit: number },
): Promise<MessageRow[]> {
  const rows = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), eq(messages.userId, userId)))
    .orderBy(desc(messages.seq))
    .limit(limit);
  return rows.reverse();
}

export async function createMessage(
  tx: Transaction,
  values: { id?: string; chatId: string; userId: string; role: MessageRole; content: string; model?: string | SQL; status: MessageStatus },
): Promise<MessageRow> {
  const [row] = await tx.insert(messages).values(values).returning();
  return row!;
}

export async function deleteMessageById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<void> {
  await tx.delete(messages).where(and(eq(messages.id, id), eq(messages.userId, userId)));
}

export interface ReplyUpdate {
  content: string;
  status: MessageStatus;
  errorCode?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  costMicroUsd?: number;
  memories?: UsedMemory[];
}

export async function updateReply(tx: Transaction, { id, userId, ...values }: ReplyUpdate & { id: string; userId: string }) {
  await tx
    .update(messages)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), eq(messages.userId, userId)));
}

/**
 * Ends every reply still `streaming` as `error` (`interrupted`), across users; answers how many.
 * Only for the process that owns the embedded database, as it starts: no reply of its own is live yet.
 */
export async function markStreamingRepliesInterrupted(db: Database | Transaction): Promise<number> {
  const result = await db.execute(
    sql`update public.messages set status = 'error', error_code = 'interrupted', updated_at = now() where status = 'streaming'`,
  );
  return result.affectedRows ?? 0;
}

/** Stores finished messages in the order given (one statement; `seq` follows the order of the rows). */
export async function createCompleteMessages(
  tx: Transaction,
  { chatId, userId, messages: rows }: { chatId: string; userId: string; messages: { role: MessageRole; content: string }[] },
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(messages).values(rows.map(({ role, content }) => ({ chatId, userId, role, content, status: "complete" as const })));
}
