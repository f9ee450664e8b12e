import "server-only";
import {
  listCostByModelThisMonth,
  listRecentAlertEvents,
  listRecentFeedback,
  listTopUsersThisMonth,
  listWebVitalP75,
} from "@/lib/db/queries/admin";
import { withService } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { getRequestSummary } from "@/lib/monitoring/request-stats";
import { webVitalNames } from "@/lib/monitoring/web-vital-types";
import type { AdminFeedback, AdminOverview } from "./types";

const toUsd = (microUsd: number) => microUsd / 1_000_000;
const listLength = 20;
const webVitalDays = 7;

/** CLS is a small unitless score; the others are milliseconds. */
const roundVital = (name: string, value: number) => (name === "CLS" ? Math.round(value * 1000) / 1000 : Math.round(value));

function toFeedback(row: Awaited<ReturnType<typeof listRecentFeedback>>[number]): AdminFeedback {
  const base = { id: row.id, comment: row.comment, createdAt: row.created_at, userId: row.user_id, email: row.email };
  if (row.kind === "vote") return { ...base, kind: "vote", vote: row.vote === "down" ? "down" : "up" };
  return { ...base, kind: "rating", rating: row.rating ?? undefined, ...(row.page ? { page: row.page } : {}) };
}

/** What the admin page shows: service health over `minutes`, this month's spend, vitals, alerts and feedback. Admins only. */
export async function getAdminOverview(user: { isAdmin: boolean }, { minutes }: { minutes: number }, now = new Date()): Promise<AdminOverview> {
  if (!user.isAdmin) throw new AppError("forbidden", "admin overview by a non-admin");
  const summary = await getRequestSummary({ windowMinutes: minutes });
  const data = await withService("admin.overview", async (tx) => ({
    topUsers: await listTopUsersThisMonth(tx, { limit: 10 }),
    costByModel: await listCostByModelThisMonth(tx),
    webVitals: await listWebVitalP75(tx, { days: webVitalDays }),
    alerts: await listRecentAlertEvents(tx, { limit: listLength }),
    feedback: await listRecentFeedback(tx, { limit: listLength }),
  }));
  // The summary counts the current minute and the whole minutes before it.
  const from = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (minutes - 1) * 60_000);
  return {
    window: { minutes, from: from.toISOString(), to: now.toISOString() },
    requests: {
      total: summary.requests,
      perMinute: summary.requestsPerMinute,
      errorRate: summary.errorRate,
      serverErrors: summary.serverErrors,
      latencyMs: summary.latencyMs,
    },
    topUsers: data.topUsers.map(({ costMicroUsd, ...row }) => ({ ...row, costUsd: toUsd(costMicroUsd) })),
    costByModel: data.costByModel.map(({ costMicroUsd, ...row }) => ({ ...row, costUsd: toUsd(costMicroUsd) })),
    webVitals: webVitalNames.map((name) => {
      const row = data.webVitals.find((vital) => vital.name === name);
      return { name, p75: row ? roundVital(name, row.p75) : null, count: row?.count ?? 0 };
    }),
    recentAlerts: data.alerts.map((row) => ({
      id: row.id,
      rule: row.rule,
      severity: row.severity as AdminOverview["recentAlerts"][number]["severity"],
      summary: row.summary,
      firedAt: row.fired_at,
      delivery: row.delivery as AdminOverview["recentAlerts"][number]["delivery"],
      acknowledgedAt: row.acknowledged_at,
      clearedAt: row.cleared_at,
    })),
    recentFeedback: data.feedback.map(toFeedback),
  };
}
