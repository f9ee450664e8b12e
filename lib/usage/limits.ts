import "server-only";
import type { EffectiveLimitsRow } from "@/lib/db/queries/usage/plans";
import { env } from "@/lib/env";

/** The plans the first migration seeds; admins add others (/admin/plans). */
export const seededPlanIds = ["free", "pro"] as const;
export type SeededPlanId = (typeof seededPlanIds)[number];

export interface PlanLimits {
  apiRequestsPerMinute: number;
  chatRequestsPerMinute: number;
  /** Chat turns a month; 0 allows none, null sets no limit. */
  monthlyChatRequests: number | null;
  /** Micro-dollars a month; 0 allows nothing, null sets no limit. */
  monthlyBudgetMicroUsd: number | null;
}

/**
 * The seed of the seeded plans (supabase/migrations/20261205002000_plans.sql), with the
 * environment's overrides applied by `limitsForPlan`. The database holds the plans that count:
 * these are written into a seeded plan at start-up until an admin edits it (./plan-defaults.ts).
 */
export const planLimits: Record<SeededPlanId, PlanLimits> = {
  free: { apiRequestsPerMinute: 60, chatRequestsPerMinute: 10, monthlyChatRequests: 500, monthlyBudgetMicroUsd: 2_000_000 },
  pro: { apiRequestsPerMinute: 600, chatRequestsPerMinute: 60, monthlyChatRequests: 20_000, monthlyBudgetMicroUsd: 50_000_000 },
};

/**
 * What a person may keep in their documents (lib/documents): a plan's limits, in the plans table
 * (`document_storage_bytes`, `document_count`), editable in /admin/plans. The seed gives the free
 * plan these, the pro plan 2 GB and 2,000 (supabase/migrations/20261206000200_plan_document_limits.sql);
 * a plan an admin adds starts with these.
 */
export const defaultDocumentPlanLimits = { totalBytes: 50 * 1024 * 1024, documents: 50 };

/**
 * What one file may be, on every plan. A file up to `directUploadMaxBytes` (lib/documents/types.ts)
 * travels in the upload's request body; a larger one through a signed upload URL, since a
 * serverless function takes no larger body (Vercel: 4.5 MB). The documents bucket refuses objects
 * over `bytes` as well (supabase/migrations/20261206000400_document_uploads.sql).
 */
export const documentFileLimits = {
  bytes: 25 * 1024 * 1024,
  pages: 500,
  /** A DOCX's parts inflated: a small zip may expand to gigabytes (a zip bomb). */
  docxDecompressedBytes: 40 * 1024 * 1024,
} as const;

/** A seeded plan's defaults with the operator's overrides (per-minute for all plans, monthly for free). */
export function limitsForPlan(plan: SeededPlanId): PlanLimits {
  const config = env();
  const base = planLimits[plan];
  const budgetUsd = config.PLAN_FREE_MONTHLY_BUDGET_USD;
  return {
    apiRequestsPerMinute: config.RATE_LIMIT_API_PER_MINUTE ?? base.apiRequestsPerMinute,
    chatRequestsPerMinute: config.RATE_LIMIT_CHAT_PER_MINUTE ?? base.chatRequestsPerMinute,
    monthlyChatRequests:
      plan === "free" && config.PLAN_FREE_MONTHLY_REQUESTS !== undefined ? config.PLAN_FREE_MONTHLY_REQUESTS : base.monthlyChatRequests,
    monthlyBudgetMicroUsd:
      plan === "free" && budgetUsd !== undefined ? (budgetUsd === null ? null : Math.round(budgetUsd * 1_000_000)) : base.monthlyBudgetMicroUsd,
  };
}

/** What holds for a person now (public.effective_limits): their plan, own limits over it, status. */
export interface EffectiveLimits extends PlanLimits {
  plan: string;
  planName: string;
  status: "active" | "suspended";
  /** The models their chats may use; null: every model. */
  models: string[] | null;
  hasOwnLimits: boolean;
}

export function effectiveLimitsOf(row: EffectiveLimitsRow): EffectiveLimits {
  return {
    plan: row.plan,
    planName: row.plan_name,
    status: row.status,
    apiRequestsPerMinute: Number(row.api_requests_per_minute),
    chatRequestsPerMinute: Number(row.chat_requests_per_minute),
    monthlyChatRequests: row.monthly_requests === null ? null : Number(row.monthly_requests),
    monthlyBudgetMicroUsd: row.monthly_budget_micro_usd === null ? null : Number(row.monthly_budget_micro_usd),
    models: row.models,
    hasOwnLimits: row.has_own_limits,
  };
}

export interface MonthlyUse {
  requests: number;
  committedMicroUsd: number;
}

/** Which monthly allowance is used up, if any: a limit of 0 is used up from the start, null never. */
export function monthlyAllowanceUsedUp(limits: PlanLimits, used: MonthlyUse): "request quota" | "budget" | null {
  if (limits.monthlyChatRequests !== null && used.requests >= limits.monthlyChatRequests) return "request quota";
  if (limits.monthlyBudgetMicroUsd !== null && used.committedMicroUsd >= limits.monthlyBudgetMicroUsd) return "budget";
  return null;
}

/** The larger of the month's request and budget fractions: 1 for a limit of 0, nothing for no limit. */
export function allowanceUsedFraction(limits: PlanLimits, used: MonthlyUse): number {
  const fraction = (value: number, limit: number | null) => (limit === null ? 0 : limit === 0 ? 1 : value / limit);
  return Math.max(fraction(used.requests, limits.monthlyChatRequests), fraction(used.committedMicroUsd, limits.monthlyBudgetMicroUsd));
}

/** Route groups of API.md's metered routes; `chat` has its own per-minute limit and costs money. */
export type RouteGroup = "chat" | "chats" | "shares" | "keys" | "events" | "memory" | "settings" | "feedback" | "account" | "models" | "usage" | "admin" | "documents";

export const limiterOf = (group: RouteGroup): "chat" | "api" => (group === "chat" ? "chat" : "api");
