import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

// Cross-user reads and writes for /admin/users: run only through the `admin.users` service path.

export type AdminUserRow = {
  id: string;
  email: string;
  created_at: Date | string;
  last_active_at: Date | string | null;
  plan: string;
  plan_name: string;
  status: "active" | "suspended";
  api_requests_per_minute: number;
  chat_requests_per_minute: number;
  monthly_limit: number | null;
  budget_limit: number | string | null;
  models: string[] | null;
  own_api: number | null;
  own_chat: number | null;
  own_monthly: number | null;
  own_budget: number | string | null;
  month_requests: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
  cost: number | string;
  budget_used: number | string;
};

/** The columns the list sorts by, each with the SQL type its cursor value is read as. */
export const adminUserSortColumns = {
  email: { expression: "lower(email)", type: "text" },
  createdAt: { expression: "created_at", type: "timestamptz" },
  lastActiveAt: { expression: "coalesce(last_active_at, '-infinity'::timestamptz)", type: "timestamptz" },
  plan: { expression: "plan", type: "text" },
  requests: { expression: "month_requests", type: "numeric" },
  inputTokens: { expression: "input_tokens", type: "numeric" },
  outputTokens: { expression: "output_tokens", type: "numeric" },
  costUsd: { expression: "cost", type: "numeric" },
  budgetUsedFraction: { expression: "budget_used", type: "numeric" },
  status: { expression: "status", type: "text" },
} as const;

export type AdminUserSort = keyof typeof adminUserSortColumns;

/** The users' figures of this UTC month (requests counted per route group; tokens and cost of settled chat turns). */
function usersWithFigures(where: SQL): SQL {
  return sql`
    with month as (select date_trunc('month', now(), 'UTC') as start, (date_trunc('month', now(), 'UTC') at time zone 'UTC')::date as first_day),
    listed as (
      select u.id, u.email, u.created_at,
        (select max(r.updated_at) from public.usage_requests r where r.user_id = u.id) as last_active_at,
        l.plan, l.plan_name, l.status, l.api_requests_per_minute, l.chat_requests_per_minute,
        l.monthly_requests as monthly_limit, l.monthly_budget_micro_usd as budget_limit, l.models,
        own.api_requests_per_minute as own_api, own.chat_requests_per_minute as own_chat,
        own.monthly_requests as own_monthly, own.monthly_budget_micro_usd as own_budget,
        coalesce((select sum(r.requests) from public.usage_requests r where r.user_id = u.id and r.day >= m.first_day), 0)::bigint as month_requests,
        c.input_tokens, c.output_tokens, c.cost, c.chat_requests, c.committed
      from auth.users u
      cross join month m
      cross join lateral public.effective_limits(u.id) l
      left join public.usage_plans own on own.user_id = u.id
      cross join lateral (
        select coalesce(sum(ch.input_tokens) filter (where ch.status = 'settled'), 0)::bigint as input_tokens,
          coalesce(sum(ch.output_tokens) filter (where ch.status = 'settled'), 0)::bigint as output_tokens,
          coalesce(sum(ch.cost_micro_usd) filter (where ch.status = 'settled'), 0)::bigint as cost,
          count(*) filter (where ch.status <> 'released')::bigint as chat_requests,
          coalesce(sum(case when ch.status = 'reserved' then ch.max_cost_micro_usd else ch.cost_micro_usd end), 0)::bigint as committed
        from public.usage_charges ch where ch.user_id = u.id and ch.created_at >= m.start
      ) c
      where ${where}
    ),
    -- As lib/usage/limits.ts's allowanceUsedFraction: a limit of 0 is used up, no limit is 0.
    figured as (
      select *, greatest(
        case when monthly_limit is null then 0 when monthly_limit = 0 then 1 else chat_requests::numeric / monthly_limit end,
        case when budget_limit is null then 0 when budget_limit = 0 then 1 else committed::numeric / budget_limit end
      ) as budget_used
      from listed
    )`;
}

const selectColumns = sql`id, email, created_at, last_active_at, plan, plan_name, status, api_requests_per_minute, chat_requests_per_minute,
  monthly_limit, budget_limit, models, own_api, own_chat, own_monthly, own_budget, month_requests, input_tokens, output_tokens, cost, budget_used`;

/** `%` and `_` in a search are matched as themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * One page of users, by `sort` then id, after the row `cursor` points at (its sort value as text
 * and its id); `limit + 1` rows come back so the caller knows whether there is more.
 */
export async function listAdminUsers(
  tx: Transaction,
  input: { q: string | null; sort: AdminUserSort; descending: boolean; cursor: { value: string; id: string } | null; limit: number },
): Promise<AdminUserRow[]> {
  const column = adminUserSortColumns[input.sort];
  const expression = sql.raw(column.expression);
  const direction = sql.raw(input.descending ? "desc" : "asc");
  const after = input.cursor
    ? sql`and (${expression}, id) ${sql.raw(input.descending ? "<" : ">")} (${input.cursor.value}::${sql.raw(column.type)}, ${input.cursor.id}::uuid)`
    : sql``;
  const where = input.q ? sql`u.email ilike ${likePattern(input.q)}` : sql`true`;
  const rows = await tx.execute<AdminUserRow>(sql`
    ${usersWithFigures(where)}
    select ${selectColumns}, (${expression})::text as sort_value from figured
    where true ${after}
    order by ${expression} ${direction}, id ${direction}
    limit ${input.limit + 1}`);
  return rows.rows;
}

export async function getAdminUser(tx: Transaction, { id }: { id: string }): Promise<AdminUserRow | null> {
  const rows = await tx.execute<AdminUserRow>(sql`${usersWithFigures(sql`u.id = ${id}`)} select ${selectColumns} from figured`);
  return rows.rows[0] ?? null;
}

/** The user's plan row, locked for the rest of the transaction (null: none yet, so `free`). */
export async function getUsagePlanForUpdate(tx: Transaction, { userId }: { userId: string }) {
  const rows = await tx.execute<{ plan: string; status: string }>(sql`
    select plan, status from public.usage_plans where user_id = ${userId} for update`);
  return rows.rows[0] ?? null;
}

export interface UsagePlanChange {
  plan?: string;
  /** Undefined: unchanged; null: the plan's again. */
  limits?: { apiRequestsPerMinute: number | null; chatRequestsPerMinute: number | null; monthlyRequests: number | null; monthlyBudgetMicroUsd: number | null } | null;
  status?: "active" | "suspended";
}

/** Writes what changes of the user's plan, own limits and status; a suspension also ends their sessions from now. */
export async function upsertUsagePlan(tx: Transaction, { userId, change }: { userId: string; change: UsagePlanChange }): Promise<void> {
  const limits = change.limits === undefined ? undefined : (change.limits ?? { apiRequestsPerMinute: null, chatRequestsPerMinute: null, monthlyRequests: null, monthlyBudgetMicroUsd: null });
  await tx.execute(sql`
    insert into public.usage_plans as p (user_id, plan, api_requests_per_minute, chat_requests_per_minute, monthly_requests, monthly_budget_micro_usd, status, status_changed_at, sessions_ended_at)
    values (${userId}, ${change.plan ?? "free"}, ${limits?.apiRequestsPerMinute ?? null}, ${limits?.chatRequestsPerMinute ?? null},
      ${limits?.monthlyRequests ?? null}, ${limits?.monthlyBudgetMicroUsd ?? null}, ${change.status ?? "active"},
      ${change.status ? sql`now()` : sql`null`}, ${change.status === "suspended" ? sql`now()` : sql`null`})
    on conflict (user_id) do update set
      plan = ${change.plan === undefined ? sql`p.plan` : sql`excluded.plan`},
      api_requests_per_minute = ${limits === undefined ? sql`p.api_requests_per_minute` : sql`excluded.api_requests_per_minute`},
      chat_requests_per_minute = ${limits === undefined ? sql`p.chat_requests_per_minute` : sql`excluded.chat_requests_per_minute`},
      monthly_requests = ${limits === undefined ? sql`p.monthly_requests` : sql`excluded.monthly_requests`},
      monthly_budget_micro_usd = ${limits === undefined ? sql`p.monthly_budget_micro_usd` : sql`excluded.monthly_budget_micro_usd`},
      status = ${change.status === undefined ? sql`p.status` : sql`excluded.status`},
      status_changed_at = ${change.status === undefined ? sql`p.status_changed_at` : sql`now()`},
      sessions_ended_at = ${change.status === "suspended" ? sql`now()` : sql`p.sessions_ended_at`},
      updated_at = now()`);
}

/** When the user's sessions were last ended by a suspension. */
export async function getSessionsEndedAt(tx: Transaction, { userId }: { userId: string }): Promise<Date | null> {
  const rows = await tx.execute<{ at: Date | string | null }>(sql`select sessions_ended_at as at from public.usage_plans where user_id = ${userId}`);
  const at = rows.rows[0]?.at;
  return at ? new Date(at) : null;
}

/** The user's latest alerts (rules about them, such as their budget). */
export async function listAlertsByUserId(tx: Transaction, { userId, limit }: { userId: string; limit: number }) {
  const rows = await tx.execute<{ id: string; rule: string; severity: string; summary: string; fired_at: Date | string }>(sql`
    select id, rule, severity, summary, fired_at from private.alert_events where user_id = ${userId}
    order by fired_at desc, id limit ${limit}`);
  return rows.rows;
}

/** The user's latest ratings and votes: the score, comment, page and the voted reply's model, never a message's text. */
export async function listFeedbackByUserId(tx: Transaction, { userId, limit }: { userId: string; limit: number }) {
  const rows = await tx.execute<{ id: string; kind: string; rating: number | null; vote: string | null; comment: string | null; page: string | null; model: string | null; created_at: Date | string }>(sql`
    select f.id, f.kind, f.rating, f.vote, f.comment, f.page, m.model, f.created_at
    from public.feedback f left join public.messages m on m.id = f.message_id
    where f.user_id = ${userId}
    order by f.created_at desc, f.id limit ${limit}`);
  return rows.rows;
}
