import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

// Cross-user reads and the review mark of the feedback inbox: run only through the `admin.feedback` service path.

export interface FeedbackInboxQuery {
  kind?: "rating" | "vote";
  rating?: number;
  vote?: "up" | "down";
  page?: string;
  model?: string;
  q?: string;
  /** Inclusive UTC days. */
  from?: string;
  to?: string;
  reviewed?: boolean;
  /** The last row of the previous page, in the list's order (newest first). */
  after?: { createdAt: Date; id: string };
  limit: number;
}

export type FeedbackInboxRow = {
  id: string;
  kind: string;
  rating: number | null;
  vote: string | null;
  comment: string | null;
  page: string | null;
  model: string | null;
  created_at: Date | string;
  user_id: string;
  email: string;
  reviewed_at: Date | string | null;
};

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

function conditions(query: FeedbackInboxQuery): SQL[] {
  const where: SQL[] = [];
  if (query.kind) where.push(sql`f.kind = ${query.kind}`);
  if (query.rating !== undefined) where.push(sql`f.rating = ${query.rating}`);
  if (query.vote) where.push(sql`f.vote = ${query.vote}`);
  if (query.page) where.push(sql`f.page like ${`${likeEscaped(query.page)}%`}`);
  if (query.model) where.push(sql`m.model = ${query.model}`);
  if (query.q) where.push(sql`f.comment ilike ${`%${likeEscaped(query.q)}%`}`);
  if (query.from) where.push(sql`f.created_at >= ${query.from}::date::timestamp at time zone 'UTC'`);
  if (query.to) where.push(sql`f.created_at < (${query.to}::date + 1)::timestamp at time zone 'UTC'`);
  if (query.reviewed === true) where.push(sql`r.feedback_id is not null`);
  if (query.reviewed === false) where.push(sql`r.feedback_id is null`);
  if (query.after) where.push(sql`(f.created_at, f.id) < (${query.after.createdAt.toISOString()}::timestamptz, ${query.after.id}::uuid)`);
  return where;
}

/**
 * Feedback of every user, newest first, with the sender's email, the voted reply's model (never
 * its text) and whether an admin reviewed it. One row more than `limit` tells there is a next page.
 */
export async function listFeedbackForInbox(tx: Transaction, query: FeedbackInboxQuery): Promise<FeedbackInboxRow[]> {
  const where = conditions(query);
  const rows = await tx.execute<FeedbackInboxRow>(sql`
    select f.id, f.kind, f.rating, f.vote, f.comment, f.page, m.model, f.created_at, f.user_id, u.email, r.reviewed_at
    from public.feedback f
    join auth.users u on u.id = f.user_id
    left join public.messages m on m.id = f.message_id
    left join private.feedback_reviews r on r.feedback_id = f.id
    ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
    order by f.created_at desc, f.id desc
    limit ${query.limit + 1}`);
  return rows.rows;
}

/** Marks the feedback reviewed (keeping the first review) or not; null when there is no such feedback. */
export async function setFeedbackReviewed(
  tx: Transaction,
  { id, reviewed, adminId }: { id: string; reviewed: boolean; adminId: string },
): Promise<{ reviewedAt: Date | null } | null> {
  const exists = await tx.execute(sql`select 1 from public.feedback where id = ${id}`);
  if (exists.rows.length === 0) return null;
  if (!reviewed) {
    await tx.execute(sql`delete from private.feedback_reviews where feedback_id = ${id}`);
    return { reviewedAt: null };
  }
  const rows = await tx.execute<{ reviewed_at: Date | string }>(sql`
    insert into private.feedback_reviews (feedback_id, reviewed_by) values (${id}, ${adminId})
    on conflict (feedback_id) do update set feedback_id = excluded.feedback_id
    returning reviewed_at`);
  return { reviewedAt: new Date(rows.rows[0]!.reviewed_at) };
}
