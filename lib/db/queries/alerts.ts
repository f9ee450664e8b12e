import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

/** Settled spend this UTC month per user who spent anything, with their plan and the budget that holds for them (null: none). */
export async function listMonthlySpendByUser(tx: Transaction) {
  const rows = await tx.execute<{ user_id: string; plan: string; budget: number | string | null; spent: number }>(sql`
    select s.user_id, l.plan, l.monthly_budget_micro_usd as budget, s.spent
    from (
      select c.user_id, sum(c.cost_micro_usd)::bigint as spent
      from public.usage_charges c
      where c.status = 'settled' and c.created_at >= date_trunc('month', now(), 'UTC')
      group by c.user_id
      having sum(c.cost_micro_usd) > 0
    ) s cross join lateral public.effective_limits(s.user_id) l`);
  return rows.rows.map((row) => ({
    userId: row.user_id,
    plan: row.plan,
    budgetMicroUsd: row.budget === null ? null : Number(row.budget),
    spentMicroUsd: Number(row.spent),
  }));
}

/** Settled spend of every user today (UTC). */
export async function getDailySpend(tx: Transaction): Promise<number> {
  const rows = await tx.execute<{ spent: number }>(sql`
    select coalesce(sum(cost_micro_usd), 0)::bigint as spent from public.usage_charges
    where status = 'settled' and created_at >= date_trunc('day', now(), 'UTC')`);
  return rows.rows[0]?.spent ?? 0;
}

/** Takes the alerts lock for the rest of the transaction: evaluations on several processes record one at a time. */
export async function lockAlerts(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('mneme.alerts'))`);
}

/** Whether an alert with this key fired since `since` (or ever, when `since` is null). */
export async function hasFiredSince(tx: Transaction, { key, since }: { key: string; since: Date | null }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from private.alert_events
    where key = ${key} and (${since?.toISOString() ?? null}::timestamptz is null or fired_at >= ${since?.toISOString() ?? null}::timestamptz)
    limit 1`);
  return rows.rows.length > 0;
}

export async function insertAlertEvent(
  tx: Transaction,
  input: { rule: string; key: string; severity: string; summary: string; details: Record<string, unknown>; userId: string | null; delivery: string },
) {
  const rows = await tx.execute<{ id: string; fired_at: string | Date }>(sql`
    insert into private.alert_events (rule, key, severity, summary, details, user_id, delivery)
    values (${input.rule}, ${input.key}, ${input.severity}, ${input.summary}, ${JSON.stringify(input.details)}::jsonb, ${input.userId}, ${input.delivery})
    returning id, fired_at`);
  const row = rows.rows[0]!;
  return { id: row.id, firedAt: new Date(row.fired_at) };
}

export async function setAlertDelivery(tx: Transaction, { id, delivery }: { id: string; delivery: "sent" | "failed" }) {
  await tx.execute(sql`update private.alert_events set delivery = ${delivery} where id = ${id}`);
}
