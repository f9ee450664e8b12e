import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";
import { toModelUsage, type ModelUsageRow } from "./usage/reports";

// Cross-user reads for the admin overview: run only through the `admin.overview` service path.

const utcMonthStart = sql`date_trunc('month', now(), 'UTC')`;
const utcMonthFirstDay = sql`(date_trunc('month', now(), 'UTC') at time zone 'UTC')::date`;
const toIso = (value: Date | string) => new Date(value).toISOString();

/** This UTC month's busiest users: requests counted per route group, plus settled chat cost. */
export async function listTopUsersThisMonth(tx: Transaction, { limit }: { limit: number }) {
  const rows = await tx.execute<{ user_id: string; email: string; requests: number; cost: number }>(sql`
    with requests as (
      select user_id, sum(requests)::bigint as requests from public.usage_requests
      where day >= ${utcMonthFirstDay} group by user_id
    ),
    charges as (
      select user_id, sum(cost_micro_usd)::bigint as cost from public.usage_charges
      where status = 'settled' and created_at >= ${utcMonthStart} group by user_id
    )
    select u.id as user_id, u.email, coalesce(r.requests, 0) as requests, coalesce(c.cost, 0) as cost
    from requests r full join charges c on c.user_id = r.user_id
    join auth.users u on u.id = coalesce(r.user_id, c.user_id)
    order by 3 desc, 4 desc, u.email
    limit ${limit}`);
  return rows.rows.map((row) => ({ userId: row.user_id, email: row.email, requests: row.requests, costMicroUsd: row.cost }));
}

/** This UTC month's settled chat charges per model, dearest first. */
export async function listCostByModelThisMonth(tx: Transaction) {
  const rows = await tx.execute<ModelUsageRow>(sql`
    select model, count(*)::bigint as requests, sum(input_tokens)::bigint as input_tokens,
      sum(output_tokens)::bigint as output_tokens, sum(cost_micro_usd)::bigint as cost
    from public.usage_charges
    where status = 'settled' and created_at >= ${utcMonthStart}
    group by model order by cost desc, requests desc, model`);
  return rows.rows.map(toModelUsage);
}

/** The 75th percentile and count of each reported web vital over the last `days` days. */
export async function listWebVitalP75(tx: Transaction, { days }: { days: number }) {
  const rows = await tx.execute<{ name: string; p75: number; count: number }>(sql`
    select name, percentile_cont(0.75) within group (order by value) as p75, count(*)::bigint as count
    from public.web_vitals
    where created_at >= now() - make_interval(days => ${days})
    group by name`);
  return rows.rows.map((row) => ({ name: row.name, p75: row.p75, count: row.count }));
}

export async function listRecentAlertEvents(tx: Transaction, { limit }: { limit: number }) {
  const rows = await tx.execute<{
    id: string; rule: string; severity: string; summary: string; fired_at: Date | string; delivery: string;
    acknowledged_at: Date | string | null; cleared_at: Date | string | null;
  }>(sql`
    select id, rule, severity, summary, fired_at, delivery, acknowledged_at, cleared_at from private.alert_events
    order by fired_at desc, id limit ${limit}`);
  return rows.rows.map((row) => ({
    ...row,
    fired_at: toIso(row.fired_at),
    acknowledged_at: row.acknowledged_at === null ? null : toIso(row.acknowledged_at),
    cleared_at: row.cleared_at === null ? null : toIso(row.cleared_at),
  }));
}

/** The latest feedback with its sender; never the voted message's text. */
export async function listRecentFeedback(tx: Transaction, { limit }: { limit: number }) {
  const rows = await tx.execute<{
    id: string;
    kind: string;
    rating: number | null;
    vote: string | null;
    comment: string | null;
    page: string | null;
    created_at: Date | string;
    user_id: string;
    email: string;
  }>(sql`
    select f.id, f.kind, f.rating, f.vote, f.comment, f.page, f.created_at, f.user_id, u.email
    from public.feedback f join auth.users u on u.id = f.user_id
    order by f.created_at desc, f.id limit ${limit}`);
  return rows.rows.map((row) => ({ ...row, created_at: toIso(row.created_at) }));
}
