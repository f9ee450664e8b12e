import "server-only";
import { and, desc, eq, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "../client";
import { chats, type ChatRow } from "../schema";

export async function getChatById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<ChatRow | null> {
  const rows = await tx.select().from(chats).where(and(eq(chats.id, id), eq(chats.userId, userId))).limit(1);
  return rows[0] ?? null;
}

/** A place in the list's order: pinned first, then newest first. */
export interface ChatCursor {
  pinned: boolean;
  updatedAt: Date;
  id: string;
}

/** Rows after the cursor in the list's order (pinned desc, updated_at desc, id desc). */
function afterCursor({ pinned, updatedAt, id }: ChatCursor): SQL | undefined {
  const laterInGroup = or(lt(chats.updatedAt, updatedAt), and(eq(chats.updatedAt, updatedAt), lt(chats.id, id)));
  const sameGroup = and(eq(chats.pinned, pinned), laterInGroup);
  return pinned ? or(eq(chats.pinned, false), sameGroup) : sameGroup;
}

/** `%`, `_` and `\` in what the person typed are matched as themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** Pinned first, then newest first; the cursor is the last row of the previous page. */
export async function listChatsByUserId(
  tx: Transaction,
  { userId, limit, after, archived, q }: { userId: string; limit: number; after?: ChatCursor; archived: boolean; q?: string },
): Promise<ChatRow[]> {
  return tx
    .select()
    .from(chats)
    .where(and(eq(chats.userId, userId), eq(chats.archived, archived), q ? ilike(chats.title, containsPattern(q)) : undefined, after && afterCursor(after)))
    .orderBy(desc(chats.pinned), desc(chats.updatedAt), desc(chats.id))
    .limit(limit);
}

export async function createChat(
  tx: Transaction,
  { id, userId, title, temporary = false }: { id?: string; userId: string; title: string; temporary?: boolean },
): Promise<ChatRow> {
  const [row] = await tx.insert(chats).values({ id, userId, title, temporary, inMemory: !temporary }).returning();
  return row!;
}

export async function updateChatById(
  tx: Transaction,
  {
    id,
    userId,
    ...values
  }: { id: string; userId: string; title?: string | SQL; pinned?: boolean; archived?: boolean; inMemory?: boolean; activeMessageId?: string },
): Promise<ChatRow | null> {
  const rows = await tx
    .update(chats)
    .set(values)
    .where(and(eq(chats.id, id), eq(chats.userId, userId)))
    .returning();
  return rows[0] ?? null;
}

/**
 * The title an update gives a chat that is still untitled and has no message yet (one made empty,
 * for files attached before its first message): the first message names it, as a new chat's does.
 */
export const titleIfUntitled = (title: string, untitled: string): SQL =>
  sql`case when ${chats.activeMessageId} is null and ${chats.title} = ${untitled} then ${title} else ${chats.title} end`;

export async function deleteChatById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<boolean> {
  const rows = await tx.delete(chats).where(and(eq(chats.id, id), eq(chats.userId, userId))).returning({ id: chats.id });
  return rows.length > 0;
}
