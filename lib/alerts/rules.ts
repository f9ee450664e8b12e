import "server-only";
import { getDailySpend, listMonthlySpendByUser } from "@/lib/db/queries/alerts";
import { withService } from "@/lib/db/transaction";
import { checkHealth } from "@/lib/monitoring/health";
import { logger } from "@/lib/monitoring/logger";
import { getRequestSummary } from "@/lib/monitoring/request-stats";
import type { AlertThresholds } from "./threshold-types";
import type { AlertCandidate, AlertRule } from "./types";

const usd = (microUsd: number) => `$${(microUsd / 1_000_000).toFixed(2)}`;
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const budgetThresholds = [1, 0.9, 0.8] as const;
/** The chat stream's duration is its time to headers, which includes recall: the latency rule leaves it out, as monitoring/alerts.yml does. */
const latencyExcludedRoutes = ["/api/chat"];
const windowMinutes = 5;

/** Each user whose settled spend this month crossed 80, 90 or 100 % of their plan's budget: the highest threshold crossed. */
async function userBudgets(now: Date): Promise<AlertCandidate[]> {
  const month = now.toISOString().slice(0, 7);
  const spenders = await withService("monitoring.alerts", listMonthlySpendByUser);
  return spenders.flatMap(({ userId, plan, budgetMicroUsd: budget, spentMicroUsd }) => {
    if (budget === null) return [];
    // A budget of 0 allows nothing: anything spent against it (before it was lowered) is over it.
    const fraction = budget === 0 ? 1 : spentMicroUsd / budget;
    const threshold = budgetThresholds.find((level) => fraction >= level);
    if (threshold === undefined) return [];
    return [{
      rule: "user_budget",
      key: `user_budget:${userId}:${month}:${threshold * 100}`,
      severity: threshold === 1 ? "critical" : "warning",
      summary: `User ${userId} has used ${percent(fraction)} of the ${plan} plan's ${usd(budget)} monthly budget (${usd(spentMicroUsd)} spent in ${month}).`,
      details: { userId, plan, month, threshold: threshold * 100, spentUsd: spentMicroUsd / 1_000_000, budgetUsd: budget / 1_000_000 },
      userId,
      repeat: "once",
    }];
  });
}

async function dailyCost(now: Date, readThresholds: () => Promise<AlertThresholds>): Promise<AlertCandidate[]> {
  const thresholds = await readThresholds();
  const day = now.toISOString().slice(0, 10);
  const spent = await withService("monitoring.alerts", getDailySpend);
  const budget = Math.round(thresholds.dailyCostUsd * 1_000_000);
  if (spent <= budget) return [];
  return [{
    rule: "daily_cost",
    key: `daily_cost:${day}`,
    severity: "critical",
    summary: `Model spend today (${day}, UTC) is ${usd(spent)}, over the daily budget of ${usd(budget)}.`,
    details: { day, spentUsd: spent / 1_000_000, budgetUsd: budget / 1_000_000 },
    userId: null,
    repeat: "once",
  }];
}

async function errorRate(_now: Date, readThresholds: () => Promise<AlertThresholds>): Promise<AlertCandidate[]> {
  const thresholds = await readThresholds();
  const summary = await getRequestSummary({ windowMinutes });
  if (summary.requests < thresholds.minRequests || summary.errorRate <= thresholds.errorRatePercent / 100) return [];
  return [{
    rule: "error_rate",
    key: "error_rate",
    severity: "critical",
    summary: `${percent(summary.errorRate)} of API requests failed with a 5xx in the last ${windowMinutes} minutes (${summary.serverErrors} of ${summary.requests}).`,
    details: { windowMinutes, requests: summary.requests, serverErrors: summary.serverErrors, errorRate: summary.errorRate },
    userId: null,
    repeat: "after-cooldown",
  }];
}

async function latency(_now: Date, readThresholds: () => Promise<AlertThresholds>): Promise<AlertCandidate[]> {
  const thresholds = await readThresholds();
  const summary = await getRequestSummary({ windowMinutes, excludeRoutes: latencyExcludedRoutes });
  const threshold = thresholds.p95LatencyMs;
  const p95 = summary.latencyMs.p95;
  if (summary.requests < thresholds.minRequests || p95 === null || p95 <= threshold) return [];
  return [{
    rule: "latency_p95",
    key: "latency_p95",
    severity: "warning",
    summary: `The 95th percentile API latency over the last ${windowMinutes} minutes is ${Math.round(p95)} ms, over ${threshold} ms (chat streams excluded).`,
    details: { windowMinutes, requests: summary.requests, p95Ms: p95, thresholdMs: threshold },
    userId: null,
    repeat: "after-cooldown",
  }];
}

async function health(): Promise<AlertCandidate[]> {
  const report = await checkHealth();
  if (report.status !== "unhealthy") return [];
  const down = Object.entries(report.checks).filter(([, check]) => check.status !== "ok").map(([name]) => name);
  return [{
    rule: "health",
    key: "health",
    severity: "critical",
    summary: `Health check is unhealthy: ${down.join(", ") || "unknown"} down.`,
    details: { status: report.status, down: down.join(",") },
    userId: null,
    repeat: "after-cooldown",
  }];
}

/** `readThresholds` is called only by the rules that need them: health must not wait for the database it checks. */
type Evaluator = (now: Date, readThresholds: () => Promise<AlertThresholds>) => Promise<AlertCandidate[]>;

const evaluators: Record<AlertRule, Evaluator> = {
  health,
  user_budget: userBudgets,
  daily_cost: dailyCost,
  error_rate: errorRate,
  latency_p95: latency,
};

/**
 * Runs every rule, one after another (health first: its database check has a deadline that
 * queued queries would eat). A rule that cannot be evaluated (say, the database is down) is named
 * in `failed` and the others still run: health must be able to fire when nothing else can.
 */
export async function evaluateRules(now: Date, readThresholds: () => Promise<AlertThresholds>): Promise<{ candidates: AlertCandidate[]; failed: AlertRule[] }> {
  const candidates: AlertCandidate[] = [];
  const failed: AlertRule[] = [];
  for (const [rule, evaluate] of Object.entries(evaluators) as [AlertRule, Evaluator][]) {
    try {
      candidates.push(...(await evaluate(now, readThresholds)));
    } catch (error) {
      logger.warn({ err: error, rule }, "alerts: rule could not be evaluated");
      failed.push(rule);
    }
  }
  return { candidates, failed };
}
