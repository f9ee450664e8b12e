import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { chatShares, chats, type ChatShareRow, type SharedMessageRow } from "../schema";
import { currentBranchOf } from "./branch";

export type ShareListRow = Pick<ChatShareRow, "id" | "chatId" | "token" | "createdAt"> & { chatTitle: string };

/**
 * Takes the snapshot inside Postgres, in one statement: the chat's title and its messages as they
 * are now (its current branch, lib/db/queries/branch.ts, in order), leaving out a reply still
 * being written and empty ones. Null when the chat is not the user's.
 */
export async function createShareOfChat(
  tx: Transaction,
  { chatId, userId, token }: { chatId: string; userId: string; token: string },
): Promise<Pick<ChatShareRow, "id" | "token" | "createdAt"> | null> {
  const result = await tx.execute<{ id: string; token: string; created_at: string | Date }>(sql`
    insert into public.chat_shares (user_id, chat_id, token, title, messages)
    select c.user_id, c.id, ${token}, c.title, coalesce((
      select jsonb_agg(jsonb_build_object(
        'role', m.role,
        'content', m.content,
        'createdAt', to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      ) order by m.seq)
      from public.messages m
      where m.chat_id = c.id and m.user_id = ${userId} and m.status <> 'streaming' and m.content <> ''
        and m.id = any(${currentBranchOf(chatId)})
    ), '[]'::jsonb)
    from public.chats c
    where c.id = ${chatId} and c.user_id = ${userId}
    returning id, token, created_at`);
  const row = result.rows[0];
  return row ? { id: row.id, token: row.token, createdAt: new Date(row.created_at) } : null;
}

/** Newest first, with the chat's title as it is now (the owner's own list). */
export async function listSharesByUserId(tx: Transaction, { userId }: { userId: string }): Promise<ShareListRow[]> {
  return tx
    .select({ id: chatShares.id, chatId: chatShares.chatId, token: chatShares.token, createdAt: chatShares.createdAt, chatTitle: chats.title })
    .from(chatShares)
    .innerJoin(chats, eq(chats.id, chatShares.chatId))
    .where(eq(chatShares.userId, userId))
    .orderBy(desc(chatShares.createdAt), desc(chatShares.id));
}

export async function deleteShareById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<boolean> {
  const rows = await tx
    .delete(chatShares)
    .where(and(eq(chatShares.id, id), eq(chatShares.userId, userId)))
    .returning({ id: chatShares.id });
  return rows.length > 0;
}

export interface SharedSnapshotRow {
  title: string;
  createdAt: Date;
  messages: SharedMessageRow[];
}

/**
 * The one read a share token allows, across users: the snapshot's own columns, nothing that
 * names or leads to its owner (no user id, no chat id).
 */
export async function getSharedSnapshotByToken(db: Database, { token }: { token: string }): Promise<SharedSnapshotRow | null> {
  const rows = await db
    .select({ title: chatShares.title, createdAt: chatShares.createdAt, messages: chatShares.messages })
    .from(chatShares)
    .where(eq(chatShares.token, token))
    .limit(1);
  return rows[0] ?? null;
}
