import "server-only";
import { env } from "@/lib/env";

export const planIds = ["free", "pro"] as const;
export type PlanId = (typeof planIds)[number];

export interface PlanLimits {
  apiRequestsPerMinute: number;
  chatRequestsPerMinute: number;
  monthlyChatRequests: number;
  monthlyBudgetMicroUsd: number;
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
  return {
    apiRequestsPerMinute: config.RATE_LIMIT_API_PER_MINUTE ?? base.apiRequestsPerMinute,
    chatRequestsPerMinute: config.RATE_LIMIT_CHAT_PER_MINUTE ?? base.chatRequestsPerMinute,
    monthlyChatRequests: plan === "free" ? (config.PLAN_FREE_MONTHLY_REQUESTS ?? base.monthlyChatRequests) : base.monthlyChatRequests,
    monthlyBudgetMicroUsd:
      plan === "free" && config.PLAN_FREE_MONTHLY_BUDGET_USD !== undefined
        ? Math.round(config.PLAN_FREE_MONTHLY_BUDGET_USD * 1_000_000)
        : base.monthlyBudgetMicroUsd,
  };
}

/** Route groups of API.md's metered routes; `chat` has its own per-minute limit and costs money. */
export type RouteGroup = "chat" | "chats" | "events" | "memory" | "settings" | "feedback" | "account" | "models" | "usage" | "admin";

export const limiterOf = (group: RouteGroup): "chat" | "api" => (group === "chat" ? "chat" : "api");
