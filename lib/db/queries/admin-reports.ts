import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

// Cross-user reads of the weekly report: run only through the `admin.reports` service path. Each
// query reads two adjacent periods at once, `current` = [start, end) and `previous` = [previousStart, start).

export interface ReportPeriods {
  previousStart: Date;
  start: Date;
  end: Date;
}

const bounds = ({ previousStart, start, end }: ReportPeriods) => ({
  previousStart: sql`${previousStart.toISOString()}::timestamptz`,
  start: sql`${start.toISOString()}::timestamptz`,
  end: sql`${end.toISOString()}::timestamptz`,
});

const inCurrent = (p: ReturnType<typeof bounds>, column = sql`created_at`) => sql`${column} >= ${p.start} and ${column} < ${p.end}`;
const inPrevious = (p: ReturnType<typeof bounds>, column = sql`created_at`) => sql`${column} >= ${p.previousStart} and ${column} < ${p.start}`;

export interface SpendFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

type SpendColumns = {
  requests: number; input_tokens: number; output_tokens: number; cost: number;
  previous_requests: number; previous_input_tokens: number; previous_output_tokens: number; previous_cost: number;
};

const spendColumns = (p: ReturnType<typeof bounds>) => sql`
  count(*) filter (where ${inCurrent(p, sql`c.created_at`)})::bigint as requests,
  coalesce(sum(c.input_tokens) filter (where ${inCurrent(p, sql`c.created_at`)}), 0)::bigint as input_tokens,
  coalesce(sum(c.output_tokens) filter (where ${inCurrent(p, sql`c.created_at`)}), 0)::bigint as output_tokens,
  coalesce(sum(c.cost_micro_usd) filter (where ${inCurrent(p, sql`c.created_at`)}), 0)::bigint as cost,
  count(*) filter (where ${inPrevious(p, sql`c.created_at`)})::bigint as previous_requests,
  coalesce(sum(c.input_tokens) filter (where ${inPrevious(p, sql`c.created_at`)}), 0)::bigint as previous_input_tokens,
  coalesce(sum(c.output_tokens) filter (where ${inPrevious(p, sql`c.created_at`)}), 0)::bigint as previous_output_tokens,
  coalesce(sum(c.cost_micro_usd) filter (where ${inPrevious(p, sql`c.created_at`)}), 0)::bigint as previous_cost`;

const toSpend = (row: SpendColumns) => ({
  current: { requests: Number(row.requests), inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), costMicroUsd: Number(row.cost) },
  previous: {
    requests: Number(row.previous_requests),
    inputTokens: Number(row.previous_input_tokens),
    outputTokens: Number(row.previous_output_tokens),
    costMicroUsd: Number(row.previous_cost),
  },
});

const settledInEither = (p: ReturnType<typeof bounds>) => sql`c.status = 'settled' and c.created_at >= ${p.previousStart} and c.created_at < ${p.end}`;

/** Settled chat charges per model in both weeks, dearest this week first. */
export async function listSpendByModel(tx: Transaction, periods: ReportPeriods) {
  const p = bounds(periods);
  const rows = await tx.execute<SpendColumns & { model: string }>(sql`
    select c.model, ${spendColumns(p)}
    from public.usage_charges c where ${settledInEither(p)}
    group by c.model order by cost desc, previous_cost desc, c.model`);
  return rows.rows.map((row) => ({ model: row.model, ...toSpend(row) }));
}

/** Settled chat charges per plan (each person's plan today: plan changes are not kept over time), and how many people spent. */
export async function listSpendByPlan(tx: Transaction, periods: ReportPeriods) {
  const p = bounds(periods);
  const rows = await tx.execute<SpendColumns & { plan: string; users: number; previous_users: number }>(sql`
    select coalesce(pl.plan, 'free') as plan, ${spendColumns(p)},
      count(distinct c.user_id) filter (where ${inCurrent(p, sql`c.created_at`)})::bigint as users,
      count(distinct c.user_id) filter (where ${inPrevious(p, sql`c.created_at`)})::bigint as previous_users
    from public.usage_charges c left join public.usage_plans pl on pl.user_id = c.user_id
    where ${settledInEither(p)}
    group by 1 order by cost desc, previous_cost desc, 1`);
  return rows.rows.map((row) => {
    const spend = toSpend(row);
    return {
      plan: row.plan,
      current: { ...spend.current, users: Number(row.users) },
      previous: { ...spend.previous, users: Number(row.previous_users) },
    };
  });
}

/** This week's dearest users (ties by email), with the same people's figures the week before. */
export async function listTopUsersByCost(tx: Transaction, periods: ReportPeriods, { limit }: { limit: number }) {
  const p = bounds(periods);
  const rows = await tx.execute<SpendColumns & { user_id: string; email: string }>(sql`
    select c.user_id, u.email, ${spendColumns(p)}
    from public.usage_charges c join auth.users u on u.id = c.user_id
    where ${settledInEither(p)}
    group by c.user_id, u.email
    having count(*) filter (where ${inCurrent(p, sql`c.created_at`)}) > 0
    order by cost desc, requests desc, u.email
    limit ${limit}`);
  return rows.rows.map((row) => ({ userId: row.user_id, email: row.email, ...toSpend(row) }));
}

export interface FeedbackFigures {
  ratings: number;
  averageRating: number | null;
  upVotes: number;
  downVotes: number;
}

/** Ratings (count and mean) and votes in both weeks, by when they were sent. */
export async function getFeedbackFigures(tx: Transaction, periods: ReportPeriods): Promise<{ current: FeedbackFigures; previous: FeedbackFigures }> {
  const p = bounds(periods);
  const figures = (where: ReturnType<typeof sql>, prefix: "current" | "previous") => sql`
    count(*) filter (where kind = 'rating' and ${where})::bigint as ${sql.raw(`${prefix}_ratings`)},
    avg(rating) filter (where kind = 'rating' and ${where})::float8 as ${sql.raw(`${prefix}_average`)},
    count(*) filter (where vote = 'up' and ${where})::bigint as ${sql.raw(`${prefix}_up`)},
    count(*) filter (where vote = 'down' and ${where})::bigint as ${sql.raw(`${prefix}_down`)}`;
  const rows = await tx.execute<Record<string, number | null>>(sql`
    select ${figures(inCurrent(p), "current")}, ${figures(inPrevious(p), "previous")}
    from public.feedback where created_at >= ${p.previousStart} and created_at < ${p.end}`);
  const row = rows.rows[0] ?? {};
  const read = (prefix: "current" | "previous"): FeedbackFigures => {
    const average = row[`${prefix}_average`];
    return {
      ratings: Number(row[`${prefix}_ratings`] ?? 0),
      averageRating: average === null || average === undefined ? null : Math.round(Number(average) * 100) / 100,
      upVotes: Number(row[`${prefix}_up`] ?? 0),
      downVotes: Number(row[`${prefix}_down`] ?? 0),
    };
  };
  return { current: read("current"), previous: read("previous") };
}

/** Claims the webhook post of a week: true when nobody posted it yet, or the last try failed or never finished. */
export async function claimWeeklyReportPost(tx: Transaction, { week }: { week: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into private.weekly_report_posts (week, delivery) values (${week}, 'pending')
    on conflict (week) do update set delivery = 'pending', posted_at = now()
      where private.weekly_report_posts.delivery = 'failed'
        -- A post whose outcome was never written (the process died) is tried again after a while.
        or (private.weekly_report_posts.delivery = 'pending' and private.weekly_report_posts.posted_at < now() - interval '10 minutes')
    returning week`);
  return rows.rows.length > 0;
}

export async function setWeeklyReportDelivery(tx: Transaction, { week, delivery }: { week: string; delivery: "sent" | "failed" }) {
  await tx.execute(sql`update private.weekly_report_posts set delivery = ${delivery}, posted_at = now() where week = ${week}`);
}
