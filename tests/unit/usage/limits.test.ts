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

describe("monthly allowances", () => {
  const base = { apiRequestsPerMinute: 60, chatRequestsPerMinute: 10 };

  it("takes null as no limit and 0 as nothing allowed", async () => {
    const { monthlyAllowanceUsedUp, allowanceUsedFraction } = await limits({});
    const unlimited = { ...base, monthlyChatRequests: null, monthlyBudgetMicroUsd: null };
    const nothing = { ...base, monthlyChatRequests: 0, monthlyBudgetMicroUsd: 0 };
    const used = { requests: 1_000_000, committedMicroUsd: 9_000_000_000 };
    expect(monthlyAllowanceUsedUp(unlimited, used)).toBeNull();
    expect(allowanceUsedFraction(unlimited, used)).toBe(0);
    expect(monthlyAllowanceUsedUp(nothing, { requests: 0, committedMicroUsd: 0 })).toBe("request quota");
    expect(monthlyAllowanceUsedUp({ ...unlimited, monthlyBudgetMicroUsd: 0 }, { requests: 0, committedMicroUsd: 0 })).toBe("budget");
    expect(allowanceUsedFraction({ ...unlimited, monthlyBudgetMicroUsd: 0 }, { requests: 0, committedMicroUsd: 0 })).toBe(1);
    expect(allowanceUsedFraction({ ...base, monthlyChatRequests: 10, monthlyBudgetMicroUsd: null }, { requests: 4, committedMicroUsd: 5 })).toBe(0.4);
  });

  it("applies an operator's `unlimited` to the free plan as null", async () => {
    const { limitsForPlan } = await limits({ PLAN_FREE_MONTHLY_REQUESTS: "unlimited", PLAN_FREE_MONTHLY_BUDGET_USD: "unlimited" });
    expect(limitsForPlan("free")).toMatchObject({ monthlyChatRequests: null, monthlyBudgetMicroUsd: null });
  });
});
