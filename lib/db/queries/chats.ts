import "server-only";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Transaction } from "../client";
import { chats, type ChatRow } from "../schema";

export async function getChatById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<ChatRow | null> {
  const rows = await tx.select().from(chats).where(and(eq(chats.id, id), eq(chats.userId, userId))).limit(1);
  return rows[0] ?? null;
}

export interface ChatCursor {
  updatedAt: Date;
  id: string;
}

/** Newest first; the cursor is the last row of the previous page. */
export async function listChatsByUserId(
  tx: Transaction,
  { userId, limit, after }: { userId: string; limit: number; after?: ChatCursor },
): Promise<ChatRow[]> {
  const afterCursor = after
    ? or(lt(chats.updatedAt, after.updatedAt), and(eq(chats.updatedAt, after.updatedAt), lt(chats.id, after.id)))
    : undefined;
  return tx
    .select()
    .from(chats)
    .where(and(eq(chats.userId, userId), afterCursor))
    .orderBy(desc(chats.updatedAt), desc(chats.id))
    .limit(limit);
}

export async function createChat(tx: Transaction, { id, userId, title }: { id?: string; userId: string; title: string }): Promise<ChatRow> {
  const [row] = await tx.insert(chats).values({ id, userId, title }).returning();
  return row!;
}

export async function updateChatTitle(
  tx: Transaction,
  { id, userId, title }: { id: string; userId: string; title: string },
): Promise<ChatRow | null> {
  const rows = await tx
    .update(chats)
    .set({ title })
    .where(and(eq(chats.id, id), eq(chats.userId, userId)))
    .returning();
  return rows[0] ?? null;
}

export async function deleteChatById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<boolean> {
  const rows = await tx.delete(chats).where(and(eq(chats.id, id), eq(chats.userId, userId))).returning({ id: chats.id });
  return rows.length > 0;
}
