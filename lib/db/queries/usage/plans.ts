import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

/** A row of `public.effective_limits` (supabase/migrations/20261205002000_plans.sql). */
export type EffectiveLimitsRow = {
  plan: string;
  plan_name: string;
  status: "active" | "suspended";
  api_requests_per_minute: number;
  chat_requests_per_minute: number;
  monthly_requests: number | null;
  monthly_budget_micro_usd: number | string | null;
  models: string[] | null;
  has_own_limits: boolean;
};

const effectiveColumns = sql`plan, plan_name, status, api_requests_per_minute, chat_requests_per_minute, monthly_requests, monthly_budget_micro_usd, models, has_own_limits`;

/**
 * Takes the user's admission lock for the rest of the transaction (so admissions of one user run
 * one at a time on every process) and returns what holds for them now. An advisory lock, not a
 * row lock: a person without a plan row has nothing to lock, and a refused turn must not leave one behind.
 */
export async function lockEffectiveLimits(tx: Transaction, { userId }: { userId: string }): Promise<EffectiveLimitsRow> {
  const rows = await tx.execute<EffectiveLimitsRow>(sql`
    with admission as (select pg_advisory_xact_lock(hashtextextended(${`usage.admission:${userId}`}, 0)))
    select ${effectiveColumns} from admission, public.effective_limits(${userId})`);
  const row = rows.rows[0];
  if (!row) throw new Error("effective_limits returned no row: the free plan is missing");
  return row;
}

/** What holds for the user now: plan, own limits over the plan's, status. */
export async function getEffectiveLimits(tx: Transaction, { userId }: { userId: string }): Promise<EffectiveLimitsRow> {
  const rows = await tx.execute<EffectiveLimitsRow>(sql`select ${effectiveColumns} from public.effective_limits(${userId})`);
  const row = rows.rows[0];
  if (!row) throw new Error("effective_limits returned no row: the free plan is missing");
  return row;
}


/** What the person's plan lets them keep in documents (the free plan's without a row of theirs). */
export async function getPlanDocumentLimits(tx: Transaction, { userId }: { userId: string }): Promise<{ totalBytes: number; documents: number }> {
  const rows = await tx.execute<{ document_storage_bytes: number | string; document_count: number }>(sql`
    select p.document_storage_bytes, p.document_count from public.plans p
    where p.id = coalesce((select u.plan from public.usage_plans u where u.user_id = ${userId}), 'free')`);
  const row = rows.rows[0]!;
  return { totalBytes: Number(row.document_storage_bytes), documents: Number(row.document_count) };
}
