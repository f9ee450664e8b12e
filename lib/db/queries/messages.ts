import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { UsedMemory } from "../types";
import type { Database, Transaction } from "../client";
import { messages, type MessageRole, type MessageRow, type MessageStatus } from "../schema";

export async function createMessage(
  tx: Transaction,
  values: {
    id?: string;
    chatId: string;
    /** The message this one follows (lib/db/queries/branch.ts gives it as a subquery); none for a chat's first. */
    parentId?: string | SQL | null;
    userId: string;
    role: MessageRole;
    content: string;
    model?: string | SQL;
    status: MessageStatus;
    /** The documents attached to a question, as lib/db/queries/documents.ts's `attachmentsOf` names them. */
    attachments?: SQL;
  },
): Promise<MessageRow> {
  const [row] = await tx.insert(messages).values(values).returning();
  return row!;
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

/**
 * Stores finished messages as one branch, each the child of the one before, in the order given (one
 * statement; `seq` follows the order of the rows, and the foreign keys are checked at its end).
 */
export async function createCompleteMessages(
  tx: Transaction,
  { chatId, userId, messages: rows }: { chatId: string; userId: string; messages: { role: MessageRole; content: string }[] },
): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map(() => crypto.randomUUID());
  await tx
    .insert(messages)
    .values(rows.map(({ role, content }, index) => ({ id: ids[index], parentId: ids[index - 1] ?? null, chatId, userId, role, content, status: "complete" as const })));
}
