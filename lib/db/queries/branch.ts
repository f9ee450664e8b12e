import "server-only";
import { and, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "../client";
import { messages, type MessageRow } from "../schema";

// A chat is a tree of messages (supabase/migrations/20261204001000_message_tree.sql). Its current
// branch runs from a root down through the chat's active message to the newest leaf below it; with
// no active message (a new chat, or the active one deleted), below the chat's newest message. This
// file is the one definition of that branch: the chat's page, a turn's parent and history, and a
// share's snapshot all read it here. Along a branch `seq` grows (a message is stored after its
// parent), so its order is `seq` order.

/** The chat's current leaf, as a scalar subquery (null for a chat with no messages). */
export const currentLeafOf = (chatId: string): SQL => sql`(
  with recursive below as (
    select m.id, m.seq from public.messages m
    where m.chat_id = ${chatId} and m.id = coalesce(
      (select c.active_message_id from public.chats c where c.id = ${chatId}),
      (select n.id from public.messages n where n.chat_id = ${chatId} order by n.seq desc limit 1)
    )
    union all
    -- Each step looks the children up by their parent (offset 0 keeps the planner from joining
    -- the walk to the whole chat instead: see branchEndingAt).
    select c.id, c.seq from below b cross join lateral (
      select m.id, m.seq from public.messages m where m.chat_id = ${chatId} and m.parent_id = b.id offset 0
    ) c
  )
  -- The newest message of a subtree has no children in it: they would be newer.
  select id from below order by seq desc limit 1
)`;

/**
 * The ids of the branch that ends at `messageId` (it, then its ancestors), as an array subquery,
 * walking up the tree one message at a time: with `keep`, it stops once it has passed `keep`
 * messages at or before `atOrBeforeSeq` (all, without it), so reading the end of a long chat's
 * branch costs what the end costs, not the chat's length. Each step looks its parent up by key:
 * the lateral subquery's limit keeps the planner from joining the walk to the whole chat instead,
 * which it does on the statistics of a growing chat, and which made every step scan the chat.
 */
export const branchEndingAt = (
  chatId: string,
  messageId: string | SQL,
  { keep, atOrBeforeSeq }: { keep?: number; atOrBeforeSeq?: SQL } = {},
): SQL => {
  const counts = (seq: SQL) => (atOrBeforeSeq ? sql`(${seq} <= ${atOrBeforeSeq})::int` : sql`1`);
  return sql`array(
    with recursive up as (
      select m.id, m.parent_id, ${counts(sql`m.seq`)} as kept from public.messages m where m.chat_id = ${chatId} and m.id = ${messageId}
      union all
      select p.id, p.parent_id, up.kept + ${counts(sql`p.seq`)} from up cross join lateral (
        select m.id, m.parent_id, m.seq from public.messages m where m.chat_id = ${chatId} and m.id = up.parent_id limit 1
      ) p${keep === undefined ? sql`` : sql` where up.kept < ${keep}`}
    )
    select id from up
  )`;
};

/** The ids of the chat's current branch, as an array subquery (see branchEndingAt for the options). */
export const currentBranchOf = (chatId: string, options?: Parameters<typeof branchEndingAt>[2]): SQL =>
  branchEndingAt(chatId, currentLeafOf(chatId), options);

/**
 * The versions of a message at its place in the tree, itself included, in creation order. The
 * outer row is named in full: drizzle writes a column of the selected table without its table.
 */
const siblingIdsColumn = sql<string[]>`(
  select coalesce(jsonb_agg(s.id order by s.seq), '[]'::jsonb) from public.messages s
  where s.chat_id = "messages"."chat_id"
    and (s.parent_id = "messages"."parent_id" or (s.parent_id is null and "messages"."parent_id" is null))
)`;

/**
 * One page of the chat's current branch, newest first: the `limit + 1` messages before `before`
 * (or the newest ones), so the caller can tell whether more remain. With `before`, that message
 * itself comes first, so the caller can tell it is on the branch. The statement is sent when it is
 * awaited (its plan is tested through `.toSQL()`: tests/unit/db/branch-walk.test.ts).
 */
export function listBranchPage(
  tx: Transaction,
  { chatId, userId, before, limit }: { chatId: string; userId: string; before?: string; limit: number },
) {
  const keep = limit + 1 + (before ? 1 : 0);
  const beforeSeq = before ? sql`(select b.seq from public.messages b where b.id = ${before} and b.chat_id = ${chatId})` : undefined;
  return tx
    .select({ ...getTableColumns(messages), siblingIds: siblingIdsColumn })
    .from(messages)
    .where(
      and(
        eq(messages.chatId, chatId),
        eq(messages.userId, userId),
        sql`${messages.id} = any(${currentBranchOf(chatId, { keep, atOrBeforeSeq: beforeSeq })})`,
        beforeSeq ? sql`${messages.seq} <= ${beforeSeq}` : undefined,
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(keep);
}

/** The last `limit` messages of the branch that ends at `messageId`, oldest first: a turn's context. */
export async function listBranchEndingAt(tx: Transaction, tail: BranchTail): Promise<MessageRow[]> {
  const rows = await branchTailQuery(tx, tail);
  return rows.reverse();
}

interface BranchTail {
  chatId: string;
  userId: string;
  messageId: string;
  limit: number;
}

/** listBranchEndingAt's statement, unsent and newest first (its plan is tested, as the page's). */
export function branchTailQuery(tx: Transaction, { chatId, userId, messageId, limit }: BranchTail) {
  return tx
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), eq(messages.userId, userId), sql`${messages.id} = any(${branchEndingAt(chatId, messageId, { keep: limit })})`))
    .orderBy(desc(messages.seq))
    .limit(limit);
}

/** The parent of a message of the chat with this role, as a subquery (null when there is none). */
export const parentOf = (chatId: string, messageId: string, role: MessageRow["role"]): SQL =>
  sql`(select p.parent_id from public.messages p where p.id = ${messageId} and p.chat_id = ${chatId} and p.role = ${role})`;

export async function getMessageInChat(
  tx: Transaction,
  { id, chatId, userId }: { id: string; chatId: string; userId: string },
): Promise<MessageRow | null> {
  const rows = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.chatId, chatId), eq(messages.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

export type SubtreeDeletion = "deleted" | "not_found" | "busy";

/**
 * Deletes a message of the chat and, through the foreign key, everything below it, in one
 * statement; nothing while a reply in that subtree is still being written. When the current
 * branch ran through the subtree, the deleted message's parent becomes the chat's active message,
 * so the branch continues from there (down its newest remaining leaf).
 */
export async function deleteMessageSubtree(
  tx: Transaction,
  { chatId, userId, messageId }: { chatId: string; userId: string; messageId: string },
): Promise<SubtreeDeletion> {
  const result = await tx.execute<{ found: boolean; busy: boolean }>(sql`
    with recursive target as (
      select m.id, m.parent_id from public.messages m
      where m.id = ${messageId} and m.chat_id = ${chatId} and m.user_id = ${userId}
    ), subtree as (
      select m.id, m.status from public.messages m join target t on m.id = t.id
      union all
      select c.id, c.status from subtree s cross join lateral (
        select m.id, m.status from public.messages m where m.chat_id = ${chatId} and m.parent_id = s.id offset 0
      ) c -- children by their parent, as currentLeafOf walks
    ), verdict as (
      select exists (select 1 from target) as found, exists (select 1 from subtree where status = 'streaming') as busy
    ), moved as (
      update public.chats c set active_message_id = (select parent_id from target)
      where c.id = ${chatId} and (select found and not busy from verdict) and c.active_message_id in (select id from subtree)
      returning c.id
    ), deleted as (
      delete from public.messages m where m.id = (select id from target) and (select not busy from verdict)
      returning m.id
    )
    select found, busy from verdict`);
  const verdict = result.rows[0];
  if (!verdict?.found) return "not_found";
  return verdict.busy ? "busy" : "deleted";
}
