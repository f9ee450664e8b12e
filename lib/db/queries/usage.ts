import "server-only";
import { sql } from "drizzle-orm";
import type { ModelInfo } from "@/lib/chat/types";
import type { Database, Transaction } from "@/lib/db/client";

const utcToday = sql`(now() at time zone 'utc')::date`;
const utcMonthStart = sql`date_trunc('month', now(), 'UTC')`;

/**
 * One statement: hits the minute window of the key (an atomic upsert), reads the user's plan, and
 * when the hit is over the plan's limit counts the refused request (4xx) in the same statement.
 */
export async function hitUserRateLimit(
  db: Database | Transaction,
  input: { userId: string; key: string; routeGroup: string; limitsByPlan: Record<string, number> },
) {
  const rows = await db.execute<{ hits: number; window_start: Date | string; plan: string }>(sql`
    with hit as (select hits, window_start from private.hit_rate_limit(${input.key}, 60)),
    plan as (select coalesce((select p.plan from public.usage_plans p where p.user_id = ${input.userId}), 'free') as plan),
    refused as (
      insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
      select ${input.userId}, ${utcToday}, ${input.routeGroup}, '4xx', 1 from hit, plan
      where hit.hits > (${JSON.stringify(input.limitsByPlan)}::jsonb ->> plan.plan)::int
      on conflict (user_id, day, route_group, status_class)
      do update set requests = u.requests + 1, updated_at = now()
      returning 1
    )
    select hit.hits, hit.window_start, plan.plan, (select count(*) from refused) as refused from hit, plan`);
  const row = rows.rows[0];
  if (!row) throw new Error("hit_rate_limit returned no row");
  return { hits: Number(row.hits), windowStart: new Date(row.window_start), plan: row.plan };
}

/** Counts one request; returns the new count of the row (user, UTC day, group, status class). */
export async function countRequest(tx: Database | Transaction, input: { userId: string; routeGroup: string; statusClass: string }) {
  const rows = await tx.execute<{ requests: number }>(sql`
    insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
    values (${input.userId}, ${utcToday}, ${input.routeGroup}, ${input.statusClass}, 1)
    on conflict (user_id, day, route_group, status_class)
    do update set requests = u.requests + 1, updated_at = now()
    returning u.requests`);
  return Number(rows.rows[0]?.requests ?? 0);
}

/**
 * Takes the user's admission lock for the rest of the transaction (so admissions of one user run
 * one at a time on every process) and returns the plan. An advisory lock, not a row lock: a
 * person without a plan row has nothing to lock, and a refused turn must not leave one behind.
 */
export async function lockUsagePlan(tx: Transaction, { userId }: { userId: string }): Promise<string> {
  const rows = await tx.execute<{ plan: string }>(sql`
    with admission as (select pg_advisory_xact_lock(hashtextextended(${`usage.admission:${userId}`}, 0)))
    select coalesce((select p.plan from public.usage_plans p where p.user_id = ${userId}), 'free') as plan from admission`);
  return rows.rows[0]?.plan ?? "free";
}

/** This UTC month's admitted chat turns, and spend counting open reservations at their maximum. */
export async function getMonthlyChatUsage(tx: Transaction, { userId }: { userId: string }) {
  const rows = await tx.execute<{ requests: number; committed: number; settled: number }>(sql`
    select count(*) filter (where status <> 'released')::int as requests,
      coalesce(sum(case when status = 'reserved' then max_cost_micro_usd else cost_micro_usd end), 0)::bigint as committed,
      coalesce(sum(cost_micro_usd) filter (where status = 'settled'), 0)::bigint as settled
    from public.usage_charges
    where user_id = ${userId} and created_at >= ${utcMonthStart}`);
  const row = rows.rows[0];
  return { requests: Number(row?.requests ?? 0), committedMicroUsd: Number(row?.committed ?? 0), settledMicroUsd: Number(row?.settled ?? 0) };
}

export async function createCharge(tx: Transaction, input: { userId: string; model: string; maxCostMicroUsd: number }) {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into public.usage_charges (user_id, model, max_cost_micro_usd)
    values (${input.userId}, ${input.model}, ${input.maxCostMicroUsd})
    returning id`);
  return rows.rows[0]!.id;
}

/** Settles a reserved charge once; a second settle changes nothing. */
export async function settleCharge(
  tx: Transaction,
  input: { id: string; userId: string; inputTokens: number; outputTokens: number; costMicroUsd: number },
) {
  const rows = await tx.execute(sql`
    update public.usage_charges
    set status = 'settled', input_tokens = ${input.inputTokens}, output_tokens = ${input.outputTokens},
      cost_micro_usd = ${input.costMicroUsd}, settled_at = now()
    where id = ${input.id} and user_id = ${input.userId} and status = 'reserved'
    returning id`);
  return rows.rows.length === 1;
}

/** Records which reply a reservation pays for and how large its prompt is, once the turn is stored. */
export async function linkCharge(tx: Transaction, input: { id: string; userId: string; messageId: string; promptTokens: number }) {
  await tx.execute(sql`
    update public.usage_charges set message_id = ${input.messageId}, prompt_tokens = ${input.promptTokens}
    where id = ${input.id} and user_id = ${input.userId} and status = 'reserved'`);
}

export type ModelPrice = Pick<ModelInfo, "id" | "inputPerMTok" | "outputPerMTok">;

/**
 * Closes reservations older than `olderThanSeconds`, in one statement that only touches rows still
 * reserved (and skips rows another process holds), so several processes may run it at once:
 * - the reply recorded its usage (the charge's own settle failed): settled to exactly that;
 * - the turn was stored but its reply was cut off: settled to the estimate a failed reply gets
 *   (the prompt's size, and about four characters a token of the text saved so far), never above
 *   the reservation; a model this deployment no longer prices keeps its reserved maximum;
 * - the turn was never stored (no prompt size): released, since it never reached the model.
 */
export async function settleAbandonedChargesOlderThan(
  db: Database | Transaction,
  { olderThanSeconds, prices }: { olderThanSeconds: number; prices: ModelPrice[] },
) {
  const rows = await db.execute<{ status: string; count: number }>(sql`
    with prices as (
      select * from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb) as p(id text, "inputPerMTok" numeric, "outputPerMTok" numeric)
    ),
    abandoned as (
      select c.id, c.prompt_tokens, m.input_tokens as reply_input, m.output_tokens as reply_output, m.cost_micro_usd as reply_cost,
        ceil(char_length(coalesce(m.content, '')) / 4.0)::bigint as text_tokens, p."inputPerMTok" as input_price, p."outputPerMTok" as output_price
      from public.usage_charges c
      left join public.messages m on m.id = c.message_id
      left join prices p on p.id = c.model
      where c.status = 'reserved' and c.created_at < now() - make_interval(secs => ${olderThanSeconds})
      for update of c skip locked
    ),
    closed as (
      update public.usage_charges c
      set status = case when a.reply_cost is null and a.prompt_tokens is null then 'released' else 'settled' end,
        input_tokens = coalesce(a.reply_input, a.prompt_tokens, 0),
        output_tokens = coalesce(a.reply_output, case when a.prompt_tokens is null then 0 else a.text_tokens end),
        cost_micro_usd = case
          when a.reply_cost is not null then a.reply_cost
          when a.prompt_tokens is null then 0
          else least(c.max_cost_micro_usd, coalesce(round(a.prompt_tokens * a.input_price + a.text_tokens * a.output_price), c.max_cost_micro_usd))
        end,
        settled_at = now()
      from abandoned a
      where c.id = a.id and c.status = 'reserved'
      returning c.status
    )
    select status, count(*)::int as count from closed group by status`);
  const countOf = (status: string) => Number(rows.rows.find((row) => row.status === status)?.count ?? 0);
  return { settled: countOf("settled"), released: countOf("released") };
}

/**
 * Takes back a reservation whose turn was refused before it began (not found, a stale retry): the
 * turn never happened, so the row goes; nothing was admitted, nothing is counted but the request.
 */
export async function deleteReservedCharge(tx: Transaction, { id, userId }: { id: string; userId: string }) {
  await tx.execute(sql`delete from public.usage_charges where id = ${id} and user_id = ${userId} and status = 'reserved'`);
}

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
    requests: Number(row.requests),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costMicroUsd: Number(row.cost),
  }));
}

export type ModelUsageRow = {
  model: string;
  requests: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
  cost: number | string;
};

/** A per-model row of settled charges, as numbers (Postgres sums are bigints). */
export const toModelUsage = (row: ModelUsageRow) => ({
  model: row.model,
  requests: Number(row.requests),
  inputTokens: Number(row.input_tokens),
  outputTokens: Number(row.output_tokens),
  costMicroUsd: Number(row.cost),
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
