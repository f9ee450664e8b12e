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

/** A Postgres array literal of texts, each quoted (a parameter, never spliced into SQL). */
const textArray = (values: string[]) => `{${values.map((value) => `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`).join(",")}}`;

/** Whether an alert with this key was acknowledged and has not cleared since: it does not fire again meanwhile. */
export async function isAcknowledgedUncleared(tx: Transaction, { key }: { key: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from private.alert_events where key = ${key} and acknowledged_at is not null and cleared_at is null limit 1`);
  return rows.rows.length > 0;
}

/**
 * Marks acknowledged alerts whose condition is gone as cleared: those of the rules that were
 * evaluated (a rule that could not be evaluated says nothing) whose key is not firing now.
 */
export async function clearAcknowledgedAlerts(tx: Transaction, { rules, firingKeys }: { rules: string[]; firingKeys: string[] }): Promise<number> {
  if (rules.length === 0) return 0;
  const rows = await tx.execute(sql`
    update private.alert_events set cleared_at = now()
    where acknowledged_at is not null and cleared_at is null
      and rule = any(${textArray(rules)}::text[])
      and key <> all(${textArray(firingKeys)}::text[])
    returning id`);
  return rows.rows.length;
}

export type AlertEventRow = {
  id: string;
  rule: string;
  severity: string;
  summary: string;
  fired_at: Date | string;
  delivery: string;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
  cleared_at: Date | string | null;
};

/** Acknowledges an alert (the first acknowledgement stands); null when there is no such alert. */
export async function acknowledgeAlertEvent(tx: Transaction, { id, adminId }: { id: string; adminId: string }): Promise<AlertEventRow | null> {
  const rows = await tx.execute<AlertEventRow>(sql`
    update private.alert_events
    set acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = case when acknowledged_at is null then ${adminId}::uuid else acknowledged_by end
    where id = ${id}
    returning id, rule, severity, summary, fired_at, delivery, acknowledged_at, acknowledged_by, cleared_at`);
  return rows.rows[0] ?? null;
}

export type AlertSettingRow = {
  name: string;
  value: number;
  updated_by: string | null;
  updated_at: Date | string;
};

export async function listAlertSettings(tx: Transaction): Promise<AlertSettingRow[]> {
  const rows = await tx.execute<AlertSettingRow>(sql`select name, value, updated_by, updated_at from private.alert_settings order by name`);
  return rows.rows;
}

/** Sets each named threshold; null removes the admin's value, so the environment's applies again. */
export async function saveAlertSettings(tx: Transaction, { values, adminId }: { values: Record<string, number | null>; adminId: string }): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    if (value === null) {
      await tx.execute(sql`delete from private.alert_settings where name = ${name}`);
      continue;
    }
    await tx.execute(sql`
      insert into private.alert_settings (name, value, updated_by) values (${name}, ${value}, ${adminId})
      on conflict (name) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`);
  }
}
