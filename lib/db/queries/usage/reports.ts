import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

export interface UsageDay {
  day: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

/** Requests and chat cost per UTC day, in [from, to]. */
export async function listUsageDaysByUserId(tx: Transaction, input: { userId: string; from: string; to: string }): Promise<UsageDay[]> {
  const rows = await tx.execute<{ day: string; requests: number; input_tokens: number; output_tokens: number; cost: number }>(sql`
    with days as (select generate_series(${input.from}::date, ${input.to}::date, interval '1 day')::date as day),
    requests as (
      select day, sum(requests)::bigint as requests from public.usage_requests
      where user_id = ${input.userId} and day between ${input.from}::date and ${input.to}::date group by day
    ),
    charges as (
      select (created_at at time zone 'utc')::date as day, sum(input_tokens)::bigint as input_tokens,
        sum(output_tokens)::bigint as output_tokens, sum(cost_micro_usd)::bigint as cost
      from public.usage_charges
      where user_id = ${input.userId} and status = 'settled'
        and created_at >= ${input.from}::date::timestamp at time zone 'utc'
        and created_at < (${input.to}::date + 1)::timestamp at time zone 'utc'
      group by 1
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(r.requests, 0) as requests, coalesce(c.input_tokens, 0) as input_tokens,
      coalesce(c.output_tokens, 0) as output_tokens, coalesce(c.cost, 0) as cost
    from days d left join requests r on r.day = d.day left join charges c on c.day = d.day
    order by d.day`);
  return rows.rows.map((row) => ({
    day: row.day,
    requests: row.requests,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costMicroUsd: row.cost,
  }));
}

export type ModelUsageRow = {
  model: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost: number;
};

/** A per-model row of settled charges, named as the app names them. */
export const toModelUsage = (row: ModelUsageRow) => ({
  model: row.model,
  requests: row.requests,
  inputTokens: row.input_tokens,
  outputTokens: row.output_tokens,
  costMicroUsd: row.cost,
});

export async function listUsageByModel(tx: Transaction, input: { userId: string; from: string; to: string }) {
  const rows = await tx.execute<ModelUsageRow>(sql`
    select model, count(*)::int as requests, sum(input_tokens)::bigint as input_tokens,
      sum(output_tokens)::bigint as output_tokens, sum(cost_micro_usd)::bigint as cost
    from public.usage_charges
    where user_id = ${input.userId} and status = 'settled'
      and created_at >= ${input.from}::date::timestamp at time zone 'utc'
      and created_at < (${input.to}::date + 1)::timestamp at time zone 'utc'
    group by model order by cost desc, model`);
  return rows.rows.map(toModelUsage);
}

/** The billing export: per user and UTC day, across users (admins only, through a service path). */
export async function listBillingRows(tx: Transaction, input: { from: string; to: string }) {
  const rows = await tx.execute<{ user_id: string; email: string; day: string; requests: number; input_tokens: number; output_tokens: number; cost: number }>(sql`
    with requests as (
      select user_id, day, sum(requests)::bigint as requests from public.usage_requests
      where day between ${input.from}::date and ${input.to}::date group by 1, 2
    ),
    charges as (
      select user_id, (created_at at time zone 'utc')::date as day, sum(input_tokens)::bigint as input_tokens,
        sum(output_tokens)::bigint as output_tokens, sum(cost_micro_usd)::bigint as cost
      from public.usage_charges
      where status = 'settled'
        and created_at >= ${input.from}::date::timestamp at time zone 'utc'
        and created_at < (${input.to}::date + 1)::timestamp at time zone 'utc'
      group by 1, 2
    )
    select coalesce(r.user_id, c.user_id) as user_id, u.email, to_char(coalesce(r.day, c.day), 'YYYY-MM-DD') as day,
      coalesce(r.requests, 0) as requests, coalesce(c.input_tokens, 0) as input_tokens,
      coalesce(c.output_tokens, 0) as output_tokens, coalesce(c.cost, 0) as cost
    from requests r full join charges c on c.user_id = r.user_id and c.day = r.day
    join auth.users u on u.id = coalesce(r.user_id, c.user_id)
    order by 3, 2`);
  return rows.rows;
}
