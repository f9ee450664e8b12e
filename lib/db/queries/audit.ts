import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

// The admin audit log (supabase/migrations/20261205002000_plans.sql): inserted and read, never
// changed (its trigger refuses updates and deletes to every role).

export type AuditRow = {
  id: string;
  seq: number | string;
  actor_id: string;
  actor_email: string | null;
  action: string;
  target_kind: "user" | "plan";
  target_id: string;
  target_email: string | null;
  before: unknown;
  after: unknown;
  created_at: Date | string;
};

export interface AuditInsert {
  actorId: string;
  actorEmail: string;
  action: string;
  targetKind: "user" | "plan";
  targetId: string;
  targetEmail: string | null;
  before: unknown;
  after: unknown;
}

// JSON is bound as text: postgres.js would encode a string bound to a jsonb parameter a second time.
const jsonb = (value: unknown) => (value === null || value === undefined ? sql`null::jsonb` : sql`${JSON.stringify(value)}::text::jsonb`);

export async function insertAuditEntry(tx: Transaction, entry: AuditInsert): Promise<void> {
  await tx.execute(sql`
    insert into public.admin_audit_log (actor_id, actor_email, action, target_kind, target_id, target_email, before, after)
    values (${entry.actorId}, ${entry.actorEmail}, ${entry.action}, ${entry.targetKind}, ${entry.targetId}, ${entry.targetEmail},
      ${jsonb(entry.before)}, ${jsonb(entry.after)})`);
}

/** Newest first, `limit` at most, before the entry numbered `beforeSeq`; optionally about one target. */
export async function listAuditEntries(
  tx: Transaction,
  { limit, beforeSeq, target }: { limit: number; beforeSeq: number | null; target?: { kind: "user" | "plan"; id: string } },
): Promise<AuditRow[]> {
  const rows = await tx.execute<AuditRow>(sql`
    select id, seq, actor_id, actor_email, action, target_kind, target_id, target_email, before, after, created_at
    from public.admin_audit_log
    where (${beforeSeq}::bigint is null or seq < ${beforeSeq}::bigint)
      ${target ? sql`and target_kind = ${target.kind} and target_id = ${target.id}` : sql``}
    order by seq desc
    limit ${limit}`);
  return rows.rows;
}
