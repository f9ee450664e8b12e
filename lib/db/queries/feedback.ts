import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Transaction } from "../client";
import { feedback, messages, type FeedbackRow } from "../schema";

export async function createRatingFeedback(
  tx: Transaction,
  values: { userId: string; rating: number; comment: string | null; page: string | null; userAgent: string | null },
): Promise<{ id: string }> {
  const [row] = await tx
    .insert(feedback)
    .values({ kind: "rating", ...values })
    .returning({ id: feedback.id });
  return row!;
}

/**
 * Records or changes the user's vote on one of their assistant replies, in one statement: the
 * message is looked up with the user's id, so null means no such reply of theirs.
 */
export async function upsertMessageVote(
  tx: Transaction,
  { userId, messageId, vote, comment, userAgent }: {
    userId: string;
    messageId: string;
    vote: "up" | "down";
    comment: string | null;
    userAgent: string | null;
  },
): Promise<{ id: string } | null> {
  const result = await tx.execute<{ id: string }>(sql`
    insert into public.feedback (user_id, kind, message_id, vote, comment, user_agent)
    select m.user_id, 'vote', m.id, ${vote}, ${comment}, ${userAgent}
    from public.messages m
    where m.id = ${messageId} and m.user_id = ${userId} and m.role = 'assistant'
    on conflict (user_id, message_id) do update
      set vote = excluded.vote, comment = excluded.comment, user_agent = excluded.user_agent, updated_at = now()
    returning id
  `);
  return result.rows[0] ?? null;
}

export async function deleteMessageVote(tx: Transaction, { userId, messageId }: { userId: string; messageId: string }): Promise<boolean> {
  const rows = await tx
    .delete(feedback)
    .where(and(eq(feedback.userId, userId), eq(feedback.messageId, messageId)))
    .returning({ id: feedback.id });
  return rows.length > 0;
}

/** Only the user's own assistant replies can be voted on. */
export async function isVotableMessage(tx: Transaction, { userId, messageId }: { userId: string; messageId: string }): Promise<boolean> {
  const rows = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.userId, userId), eq(messages.role, "assistant")))
    .limit(1);
  return rows.length > 0;
}

export async function listVotesByChatId(
  tx: Transaction,
  { userId, chatId }: { userId: string; chatId: string },
): Promise<Map<string, "up" | "down">> {
  const rows = await tx
    .select({ messageId: feedback.messageId, vote: feedback.vote })
    .from(feedback)
    .innerJoin(messages, eq(messages.id, feedback.messageId))
    .where(and(eq(feedback.userId, userId), eq(messages.chatId, chatId)));
  return new Map(rows.flatMap((row) => (row.messageId && row.vote ? [[row.messageId, row.vote] as const] : [])));
}

export async function listFeedbackByUserId(tx: Transaction, { userId }: { userId: string }): Promise<FeedbackRow[]> {
  return tx.select().from(feedback).where(eq(feedback.userId, userId)).orderBy(asc(feedback.createdAt));
}
