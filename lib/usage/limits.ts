import "server-only";
import { env } from "@/lib/env";

export const planIds = ["free", "pro"] as const;
export type PlanId = (typeof planIds)[number];

export interface PlanLimits {
  apiRequestsPerMinute: number;
  chatRequestsPerMinute: number;
  /** Chat turns a month; 0 allows none, null sets no limit. */
  monthlyChatRequests: number | null;
  /** Micro-dollars a month; 0 allows nothing, null sets no limit. */
  monthlyBudgetMicroUsd: number | null;
}

/** Every limit of every plan, in one table. Environment overrides are applied by `limitsForPlan`. */
export const planLimits: Record<PlanId, PlanLimits> = {
  free: { apiRequestsPerMinute: 60, chatRequestsPerMinute: 10, monthlyChatRequests: 500, monthlyBudgetMicroUsd: 2_000_000 },
  pro: { apiRequestsPerMinute: 600, chatRequestsPerMinute: 60, monthlyChatRequests: 20_000, monthlyBudgetMicroUsd: 50_000_000 },
};

export const isPlanId = (value: string): value is PlanId => (planIds as readonly string[]).includes(value);

/** The plan's limits with the operator's overrides (per-minute for all plans, monthly for free). */
export function limitsForPlan(plan: PlanId): PlanLimits {
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
export type RouteGroup = "chat" | "chats" | "shares" | "keys" | "events" | "memory" | "settings" | "feedback" | "account" | "models" | "usage" | "admin";

export const limiterOf = (group: RouteGroup): "chat" | "api" => (group === "chat" ? "chat" : "api");
