import "server-only";
import { toCsv } from "@/lib/csv";
import {
  claimWeeklyReportPost,
  getFeedbackFigures,
  listSpendByModel,
  listSpendByPlan,
  listTopUsersByCost,
  setWeeklyReportDelivery,
  type SpendFigures,
} from "@/lib/db/queries/admin-reports";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError, userError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { getRequestSummaryBetween, rollUpRequestStatsHourly } from "@/lib/monitoring/request-stats-hourly";
import { isoWeekOf, lastFullWeek, parseIsoWeek, weekBefore, type IsoWeek } from "./iso-week";
import type { Compared, ReportSpend, WeeklyReport } from "./report-types";

const topUserCount = 10;
/** The chat stream's duration is its time to headers, which includes recall (as in lib/alerts/rules.ts). */
const latencyExcludedRoutes = ["/api/chat"];

const toSpend = ({ costMicroUsd, ...figures }: SpendFigures): ReportSpend => ({ ...figures, costUsd: costMicroUsd / 1_000_000 });
const compared = <T, U>(figures: Compared<T>, map: (value: T) => U): Compared<U> => ({ current: map(figures.current), previous: map(figures.previous) });
const period = (week: IsoWeek) => ({ id: week.id, from: week.start.toISOString(), to: week.end.toISOString() });

function sumSpend(rows: Compared<ReportSpend>[]): Compared<ReportSpend> {
  const zero = (): ReportSpend => ({ requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  const add = (total: ReportSpend, value: ReportSpend) => {
    total.requests += value.requests;
    total.inputTokens += value.inputTokens;
    total.outputTokens += value.outputTokens;
    total.costUsd = Math.round((total.costUsd + value.costUsd) * 1_000_000) / 1_000_000;
    return total;
  };
  return { current: rows.map((row) => row.current).reduce(add, zero()), previous: rows.map((row) => row.previous).reduce(add, zero()) };
}

/** `?week=` as a week that has started; the last full week without one. */
export function resolveReportWeek(text: string | undefined, now = new Date()): IsoWeek {
  if (text === undefined) return lastFullWeek(now);
  const week = parseIsoWeek(text);
  if (!week) throw userError("invalid_input", "week: not an ISO week (YYYY-Www, for example 2026-W05)");
  if (week.start > isoWeekOf(now).start) throw userError("invalid_input", "week: has not started yet");
  return week;
}

/** The figures of `week` beside the week before it. */
export async function buildWeeklyReport(week: IsoWeek): Promise<WeeklyReport> {
  const previous = weekBefore(week);
  const periods = { previousStart: previous.start, start: week.start, end: week.end };
  // The latest hours reach the hourly rollup here, not only when maintenance next runs.
  await rollUpRequestStatsHourly();
  const [current, before] = await Promise.all([
    getRequestSummaryBetween({ from: week.start, to: week.end, excludeRoutes: latencyExcludedRoutes }),
    getRequestSummaryBetween({ from: previous.start, to: previous.end, excludeRoutes: latencyExcludedRoutes }),
  ]);
  const data = await withService("admin.reports", async (tx) => ({
    byModel: await listSpendByModel(tx, periods),
    byPlan: await listSpendByPlan(tx, periods),
    topUsers: await listTopUsersByCost(tx, periods, { limit: topUserCount }),
    feedback: await getFeedbackFigures(tx, periods),
  }));
  const spendByModel = data.byModel.map(({ model, ...figures }) => ({ model, ...compared(figures, toSpend) }));
  const toRequests = (summary: typeof current) => ({ total: summary.requests, serverErrors: summary.serverErrors, errorRate: summary.errorRate, p95Ms: summary.p95Ms });
  return {
    week: period(week),
    previousWeek: period(previous),
    totals: sumSpend(spendByModel),
    spendByModel,
    spendByPlan: data.byPlan.map(({ plan, current: now, previous: then }) => ({
      plan,
      current: { ...toSpend(now), users: now.users },
      previous: { ...toSpend(then), users: then.users },
    })),
    topUsers: data.topUsers.map(({ userId, email, ...figures }) => ({ userId, email, ...compared(figures, toSpend) })),
    requests: { current: toRequests(current), previous: toRequests(before) },
    feedback: data.feedback,
  };
}

/** The weekly report for an admin. */
export async function getWeeklyReport(user: { isAdmin: boolean }, { week }: { week?: string }, now = new Date()): Promise<WeeklyReport> {
  if (!user.isAdmin) throw new AppError("forbidden", "weekly report by a non-admin");
  return buildWeeklyReport(resolveReportWeek(week, now));
}

/** One line per figure: section, what it is about, the figure, this week and the week before. */
export function weeklyReportCsv(report: WeeklyReport): string {
  type Line = [string, string, string, number | null, number | null];
  const spendLines = (section: string, name: string, figures: Compared<ReportSpend & { users?: number }>): Line[] => [
    [section, name, "requests", figures.current.requests, figures.previous.requests],
    [section, name, "input_tokens", figures.current.inputTokens, figures.previous.inputTokens],
    [section, name, "output_tokens", figures.current.outputTokens, figures.previous.outputTokens],
    [section, name, "cost_usd", figures.current.costUsd, figures.previous.costUsd],
    ...(figures.current.users === undefined ? [] : [[section, name, "users", figures.current.users, figures.previous.users ?? 0] as Line]),
  ];
  const { requests, feedback } = report;
  const lines: Line[] = [
    ...spendLines("total", "all models", report.totals),
    ...report.spendByModel.flatMap((row) => spendLines("model", row.model, row)),
    ...report.spendByPlan.flatMap((row) => spendLines("plan", row.plan, row)),
    ...report.topUsers.flatMap((row) => spendLines("user", row.email, row)),
    ["requests", "api", "total", requests.current.total, requests.previous.total],
    ["requests", "api", "server_errors", requests.current.serverErrors, requests.previous.serverErrors],
    ["requests", "api", "error_rate", requests.current.errorRate, requests.previous.errorRate],
    ["requests", "api", "p95_ms", requests.current.p95Ms, requests.previous.p95Ms],
    ["feedback", "ratings", "count", feedback.current.ratings, feedback.previous.ratings],
    ["feedback", "ratings", "average", feedback.current.averageRating, feedback.previous.averageRating],
    ["feedback", "votes", "up", feedback.current.upVotes, feedback.previous.upVotes],
    ["feedback", "votes", "down", feedback.current.downVotes, feedback.previous.downVotes],
  ];
  return toCsv(["section", "name", "figure", report.week.id, report.previousWeek.id], lines);
}

const usd = (value: number) => `$${value.toFixed(2)}`;
const change = (now: number, then: number) => (then === 0 ? (now === 0 ? "±0" : "new") : `${now >= then ? "+" : ""}${Math.round(((now - then) / then) * 100)}%`);
const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/** The report as a Slack incoming-webhook message (the alert webhook's format, lib/alerts/webhook.ts). */
export function weeklyReportMessage(report: WeeklyReport) {
  const { totals, requests, feedback } = report;
  const title = `Mneme weekly report ${report.week.id}`;
  const lines = [
    `*Spend*: ${usd(totals.current.costUsd)} (${change(totals.current.costUsd, totals.previous.costUsd)} on ${report.previousWeek.id}), ${totals.current.requests} replies`,
    `*Error rate*: ${percent(requests.current.errorRate)} of ${requests.current.total} requests (was ${percent(requests.previous.errorRate)})`,
    `*p95 latency*: ${requests.current.p95Ms ?? "n/a"} ms (was ${requests.previous.p95Ms ?? "n/a"} ms)`,
    `*Ratings*: ${feedback.current.averageRating ?? "n/a"} average of ${feedback.current.ratings} (was ${feedback.previous.averageRating ?? "n/a"}); votes ${feedback.current.upVotes} up, ${feedback.current.downVotes} down`,
  ];
  const models = report.spendByModel.slice(0, 5).map((row) => `${row.model}: ${usd(row.current.costUsd)} (${change(row.current.costUsd, row.previous.costUsd)})`);
  const users = report.topUsers.slice(0, 5).map((row) => `${row.email}: ${usd(row.current.costUsd)}`);
  return {
    text: `${title}\n${lines.join("\n")}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title, emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
      { type: "section", text: { type: "mrkdwn", text: `*By model*\n${models.join("\n") || "_no spend_"}` } },
      { type: "section", text: { type: "mrkdwn", text: `*Top users*\n${users.join("\n") || "_no spend_"}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `${report.week.from} to ${report.week.to} · Mneme ${env().APP_VERSION}` }] },
    ],
  };
}

export type WeeklyReportDelivery = "sent" | "failed" | "skipped" | "already-sent";

/**
 * Posts last week's report to ALERT_WEBHOOK_URL once per week, whoever asks first (the Vercel cron,
 * the local worker, another process); a failed post is tried again on the next call. Never logs the URL.
 */
export async function postWeeklyReport(now = new Date()): Promise<{ week: string; delivery: WeeklyReportDelivery }> {
  const week = lastFullWeek(now);
  const url = env().ALERT_WEBHOOK_URL;
  if (!url) return { week: week.id, delivery: "skipped" };
  if (!(await withService("admin.reports", (tx) => claimWeeklyReportPost(tx, { week: week.id })))) return { week: week.id, delivery: "already-sent" };
  let delivery: "sent" | "failed" = "failed";
  try {
    const report = await buildWeeklyReport(week);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(weeklyReportMessage(report)),
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) delivery = "sent";
    else logger.warn({ status: response.status, week: week.id }, "weekly report: webhook refused the report");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), week: week.id }, "weekly report: not posted");
  }
  await withService("admin.reports", (tx) => setWeeklyReportDelivery(tx, { week: week.id, delivery }));
  return { week: week.id, delivery };
}
