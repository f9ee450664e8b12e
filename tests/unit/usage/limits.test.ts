import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function limits(env: Record<string, string>) {
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import("@/lib/usage/limits");
}

describe("limitsForPlan", () => {
  it("uses the plan table's defaults", async () => {
    const { limitsForPlan, planLimits } = await limits({});
    expect(limitsForPlan("free")).toEqual(planLimits.free);
    expect(limitsForPlan("free")).toMatchObject({ apiRequestsPerMinute: 60, chatRequestsPerMinute: 10 });
  });

  it("applies the operator's overrides: per-minute for every plan, monthly for free only", async () => {
    const { limitsForPlan, planLimits } = await limits({
      RATE_LIMIT_API_PER_MINUTE: "7",
      RATE_LIMIT_CHAT_PER_MINUTE: "3",
      PLAN_FREE_MONTHLY_REQUESTS: "9",
      PLAN_FREE_MONTHLY_BUDGET_USD: "1.5",
    });
    expect(limitsForPlan("free")).toEqual({ apiRequestsPerMinute: 7, chatRequestsPerMinute: 3, monthlyChatRequests: 9, monthlyBudgetMicroUsd: 1_500_000 });
    expect(limitsForPlan("pro")).toMatchObject({ apiRequestsPerMinute: 7, chatRequestsPerMinute: 3, monthlyChatRequests: planLimits.pro.monthlyChatRequests });
  });
});
