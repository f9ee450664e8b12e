import "server-only";
import { getMonthlyChatUsage } from "@/lib/db/queries/usage/charges";
import { getEffectiveLimits } from "@/lib/db/queries/usage/plans";
import { listBillingRows, listUsageByModel, listUsageDaysByUserId } from "@/lib/db/queries/usage/reports";
import { withService, withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { toCsv } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { allowanceUsedFraction, effectiveLimitsOf } from "./limits";
import { resolveUsagePeriod } from "./period";
import type { UsageReport } from "./types";

const toUsd = (microUsd: number) => microUsd / 1_000_000;

/** The caller's usage report (GET /api/usage, the settings page), read as the user. */
export async function getUsage(user: DbUser, input: { from?: string; to?: string }): Promise<UsageReport> {
  const { from, to } = resolveUsagePeriod(input);
  // The four reads leave together, in one round trip.
  const [effective, days, models, month] = await withUserAtOnce(user, (tx) =>
    Promise.all([
      getEffectiveLimits(tx, { userId: user.id }),
      listUsageDaysByUserId(tx, { userId: user.id, from, to }),
      listUsageByModel(tx, { userId: user.id, from, to }),
      getMonthlyChatUsage(tx, { userId: user.id }),
    ]),
  );
  const limits = effectiveLimitsOf(effective);
  const usedFraction = allowanceUsedFraction(limits, month);
  const figures = (row: { requests: number; inputTokens: number; outputTokens: number; costMicroUsd: number }) => ({
    requests: row.requests,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    costUsd: toUsd(row.costMicroUsd),
  });
  const sum = (key: "requests" | "inputTokens" | "outputTokens" | "costMicroUsd") => days.reduce((total, day) => total + day[key], 0);
  return {
    from,
    to,
    plan: limits.plan,
    planName: limits.planName,
    totals: figures({ requests: sum("requests"), inputTokens: sum("inputTokens"), outputTokens: sum("outputTokens"), costMicroUsd: sum("costMicroUsd") }),
    daily: days.map((day) => ({ date: day.day, ...figures(day) })),
    byModel: models.map((row) => ({ model: row.model, ...figures(row) })),
    limits: {
      requestsPerMinute: limits.apiRequestsPerMinute,
      chatRequestsPerMinute: limits.chatRequestsPerMinute,
      monthlyRequests: limits.monthlyChatRequests,
      monthlyBudgetUsd: limits.monthlyBudgetMicroUsd === null ? null : toUsd(limits.monthlyBudgetMicroUsd),
      models: limits.models,
      own: limits.hasOwnLimits,
    },
    month: { chatRequests: month.requests, spendUsd: toUsd(month.committedMicroUsd) },
    usedFraction: Math.round(usedFraction * 10_000) / 10_000,
  };
}

/** The billing export across users: one CSV line per user and UTC day. Admins only. */
export async function exportBillingCsv(user: { isAdmin: boolean }, input: { from?: string; to?: string }): Promise<string> {
  if (!user.isAdmin) throw new AppError("forbidden", "billing export by a non-admin");
  const { from, to } = resolveUsagePeriod(input);
  const rows = await withService("usage.admin-export", (tx) => listBillingRows(tx, { from, to }));
  return toCsv(
    ["user_id", "email", "day", "requests", "input_tokens", "output_tokens", "cost_usd"],
    rows.map((row) => [
      row.user_id,
      row.email,
      row.day,
      row.requests,
      row.input_tokens,
      row.output_tokens,
      (row.cost / 1_000_000).toFixed(6),
    ]),
  );
}
