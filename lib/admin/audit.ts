import "server-only";
import { listAuditEntries, type AuditRow } from "@/lib/db/queries/audit";
import { withService } from "@/lib/db/transaction";
import { userError } from "@/lib/errors";
import { requireAdmin } from "./require-admin";
import type { AuditAction, AuditEntry, AuditPage } from "./management-types";

const toIso = (value: Date | string) => new Date(value).toISOString();

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action as AuditAction,
    targetKind: row.target_kind,
    targetId: row.target_id,
    targetEmail: row.target_email,
    before: row.before,
    after: row.after,
    createdAt: toIso(row.created_at),
  };
}

// The cursor is the last entry's sequence number, opaque to callers.
const encodeCursor = (seq: number | string) => Buffer.from(`a${seq}`).toString("base64url");
function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  if (!/^a\d{1,18}$/.test(text)) throw userError("invalid_input", "cursor: not a cursor this list gave");
  return Number(text.slice(1));
}

/** The audit log, newest first, a page at a time. Admins only. */
export async function listAudit(user: { isAdmin: boolean }, input: { cursor?: string; limit: number }): Promise<AuditPage> {
  requireAdmin(user, "audit log");
  const beforeSeq = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await withService("admin.audit", (tx) => listAuditEntries(tx, { limit: input.limit + 1, beforeSeq }));
  const page = rows.slice(0, input.limit);
  return { entries: page.map(toAuditEntry), nextCursor: rows.length > input.limit ? encodeCursor(page.at(-1)!.seq) : null };
}
