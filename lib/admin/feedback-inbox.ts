import "server-only";
import { toCsv } from "@/lib/csv";
import { listFeedbackForInbox, setFeedbackReviewed, type FeedbackInboxRow } from "@/lib/db/queries/admin-feedback";
import { withService } from "@/lib/db/transaction";
import { AppError, userError } from "@/lib/errors";
import type { FeedbackInbox, FeedbackInboxFilter, FeedbackInboxItem } from "./feedback-types";

type Admin = { id: string; isAdmin: boolean };

/** The CSV export's bound: far more than an inbox holds in a month, and a response that stays small. */
const exportRowLimit = 10_000;

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const toIso = (value: Date | string) => new Date(value).toISOString();

const encodeCursor = (row: FeedbackInboxRow) => Buffer.from(JSON.stringify([toIso(row.created_at), row.id])).toString("base64url");

/** Only what encodeCursor writes: an instant and a feedback id. */
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = null;
  }
  const [createdAt, id] = Array.isArray(decoded) && decoded.length === 2 ? decoded : [];
  const date = typeof createdAt === "string" && isoInstant.test(createdAt) ? new Date(createdAt) : null;
  if (!date || Number.isNaN(date.getTime()) || typeof id !== "string" || !uuidShape.test(id)) {
    throw userError("invalid_input", "cursor: not a cursor this API returned");
  }
  return { createdAt: date, id };
}

function toItem(row: FeedbackInboxRow): FeedbackInboxItem {
  const base = {
    id: row.id,
    comment: row.comment,
    createdAt: toIso(row.created_at),
    userId: row.user_id,
    email: row.email,
    reviewed: row.reviewed_at !== null,
    reviewedAt: row.reviewed_at === null ? null : toIso(row.reviewed_at),
  };
  if (row.kind === "vote") return { ...base, kind: "vote", vote: row.vote === "down" ? "down" : "up", model: row.model };
  return { ...base, kind: "rating", rating: row.rating ?? undefined, ...(row.page ? { page: row.page } : {}) };
}

function assertAdmin(user: Admin, what: string): void {
  if (!user.isAdmin) throw new AppError("forbidden", `${what} by a non-admin`);
}

/** A page of every user's ratings and votes, newest first, filtered. Admins only. */
export async function listFeedbackInbox(
  user: Admin,
  { cursor, limit, ...filter }: FeedbackInboxFilter & { cursor?: string; limit: number },
): Promise<FeedbackInbox> {
  assertAdmin(user, "feedback inbox");
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await withService("admin.feedback", (tx) => listFeedbackForInbox(tx, { ...filter, after, limit }));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** The inbox with the same filters as CSV, through the neutralising writer (a comment is never run as a formula). */
export async function exportFeedbackCsv(user: Admin, filter: FeedbackInboxFilter): Promise<string> {
  assertAdmin(user, "feedback export");
  const rows = await withService("admin.feedback", (tx) => listFeedbackForInbox(tx, { ...filter, limit: exportRowLimit - 1 }));
  return toCsv(
    ["id", "created_at", "kind", "rating", "vote", "model", "page", "comment", "user_id", "email", "reviewed_at"],
    rows.map(toItem).map((item) => [
      item.id,
      item.createdAt,
      item.kind,
      item.rating,
      item.vote,
      item.model,
      item.page,
      item.comment,
      item.userId,
      item.email,
      item.reviewedAt,
    ]),
  );
}

/** Marks one piece of feedback reviewed or not; 404 when there is none with that id. */
export async function reviewFeedback(user: Admin, id: string, reviewed: boolean): Promise<{ id: string; reviewed: boolean; reviewedAt: string | null }> {
  assertAdmin(user, "feedback review");
  const result = await withService("admin.feedback", (tx) => setFeedbackReviewed(tx, { id, reviewed, adminId: user.id }));
  if (!result) throw new AppError("not_found");
  return { id, reviewed, reviewedAt: result.reviewedAt?.toISOString() ?? null };
}
