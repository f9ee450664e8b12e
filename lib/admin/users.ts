import "server-only";
import { rememberEndedSessions } from "@/lib/auth/revoked-sessions";
import { setSupabaseAuthBan } from "@/lib/auth/supabase-ban";
import {
  getAdminUser,
  getSessionsEndedAt,
  listAdminUsers,
  listAlertsByUserId,
  listFeedbackByUserId,
  upsertUsagePlan,
  type AdminUserRow,
  type AdminUserSort,
  type UsagePlanChange,
} from "@/lib/db/queries/admin-users";
import { insertAuditEntry, listAuditEntries } from "@/lib/db/queries/audit";
import { holdPlan } from "@/lib/db/queries/plans";
import { listUsageByModel, listUsageDaysByUserId } from "@/lib/db/queries/usage/reports";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError, userError } from "@/lib/errors";
import { toAuditEntry } from "./audit";
import { requireAdmin } from "./require-admin";
import type { AdminUser, AdminUserDetail, AdminUserList, AuditAction, OwnLimits } from "./management-types";

type Admin = { id: string; email: string; isAdmin: boolean };

const toIso = (value: Date | string) => new Date(value).toISOString();
const toUsd = (microUsd: number | string | null) => (microUsd === null ? null : Number(microUsd) / 1_000_000);
const toMicroUsd = (usd: number | null) => (usd === null ? null : Math.round(usd * 1_000_000));
const dayMs = 86_400_000;
const detailDays = 30;
const detailListLength = 20;


function ownLimitsOf(row: AdminUserRow): OwnLimits | null {
  if (row.own_api === null && row.own_chat === null && row.own_monthly === null && row.own_budget === null) return null;
  return {
    apiRequestsPerMinute: row.own_api === null ? null : Number(row.own_api),
    chatRequestsPerMinute: row.own_chat === null ? null : Number(row.own_chat),
    monthlyRequests: row.own_monthly === null ? null : Number(row.own_monthly),
    monthlyBudgetUsd: toUsd(row.own_budget),
  };
}

export function toAdminUser(row: AdminUserRow): AdminUser {
  return {
    id: row.id,
    email: row.email,
    createdAt: toIso(row.created_at),
    lastActiveAt: row.last_active_at === null ? null : toIso(row.last_active_at),
    plan: row.plan,
    planName: row.plan_name,
    status: row.status,
    limits: ownLimitsOf(row),
    effectiveLimits: {
      apiRequestsPerMinute: Number(row.api_requests_per_minute),
      chatRequestsPerMinute: Number(row.chat_requests_per_minute),
      monthlyRequests: row.monthly_limit === null ? null : Number(row.monthly_limit),
      monthlyBudgetUsd: toUsd(row.budget_limit),
      models: row.models,
    },
    month: {
      requests: Number(row.month_requests),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      costUsd: Number(row.cost) / 1_000_000,
    },
    budgetUsedFraction: Math.round(Number(row.budget_used) * 10_000) / 10_000,
  };
}

// A cursor names the sort it belongs to, the last row's sort value and its id; opaque to callers.
const encodeCursor = (sort: string, value: string, id: string) => Buffer.from(JSON.stringify([sort, value, id])).toString("base64url");
function decodeCursor(cursor: string, sort: string): { value: string; id: string } {
  try {
    const [cursorSort, value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown[];
    if (cursorSort === sort && typeof value === "string" && typeof id === "string" && /^[0-9a-f-]{36}$/.test(id)) return { value, id };
  } catch {
    // Not JSON: refused below.
  }
  throw userError("invalid_input", "cursor: not a cursor of this list and sort");
}

/** Users by email search, sorted by any column, a page at a time. Admins only. */
export async function listUsers(
  user: Admin,
  input: { q?: string; sort: AdminUserSort; descending: boolean; cursor?: string; limit: number },
): Promise<AdminUserList> {
  requireAdmin(user, "user list");
  const sortName = `${input.descending ? "-" : ""}${input.sort}`;
  const cursor = input.cursor ? decodeCursor(input.cursor, sortName) : null;
  const rows = await withService("admin.users", (tx) =>
    listAdminUsers(tx, { q: input.q ?? null, sort: input.sort, descending: input.descending, cursor, limit: input.limit }),
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1) as (AdminUserRow & { sort_value: string }) | undefined;
  return { users: page.map(toAdminUser), nextCursor: rows.length > input.limit && last ? encodeCursor(sortName, last.sort_value, last.id) : null };
}

/** One user with their last 30 days, alerts, feedback and audit trail. Admins only. */
export async function getUserDetail(user: Admin, id: string, now = new Date()): Promise<AdminUserDetail> {
  requireAdmin(user, "user detail");
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (detailDays - 1) * dayMs).toISOString().slice(0, 10);
  const data = await withService("admin.users", async (tx) => {
    const row = await getAdminUser(tx, { id });
    if (!row) return null;
    return {
      row,
      days: await listUsageDaysByUserId(tx, { userId: id, from, to }),
      models: await listUsageByModel(tx, { userId: id, from, to }),
      alerts: await listAlertsByUserId(tx, { userId: id, limit: detailListLength }),
      feedback: await listFeedbackByUserId(tx, { userId: id, limit: detailListLength }),
      audit: await listAuditEntries(tx, { limit: detailListLength, beforeSeq: null, target: { kind: "user", id } }),
    };
  });
  if (!data) throw new AppError("not_found", `user ${id}`);
  const figures = (row: { requests: number; inputTokens: number; outputTokens: number; costMicroUsd: number }) => ({
    requests: Number(row.requests),
    inputTokens: Number(row.inputTokens),
    outputTokens: Number(row.outputTokens),
    costUsd: Number(row.costMicroUsd) / 1_000_000,
  });
  return {
    ...toAdminUser(data.row),
    daily: data.days.map((day) => ({ date: day.day, ...figures(day) })),
    byModel: data.models.map((model) => ({ model: model.model, ...figures(model) })),
    alerts: data.alerts.map((alert) => ({ id: alert.id, rule: alert.rule, severity: alert.severity, summary: alert.summary, firedAt: toIso(alert.fired_at) })),
    feedback: data.feedback.map((item) => ({
      id: item.id,
      kind: item.kind === "vote" ? "vote" : "rating",
      rating: item.rating,
      vote: item.vote === "up" || item.vote === "down" ? item.vote : null,
      comment: item.comment,
      page: item.page,
      model: item.model,
      createdAt: toIso(item.created_at),
    })),
    audit: data.audit.map(toAuditEntry),
  };
}

export interface UserChange {
  plan?: string;
  limits?: OwnLimits | null;
  status?: "active" | "suspended";
}

const sameLimits = (a: OwnLimits | null, b: OwnLimits | null) => JSON.stringify(a) === JSON.stringify(b);
const normalisedLimits = (limits: OwnLimits | null | undefined) =>
  limits && Object.values(limits).some((value) => value !== null) ? limits : null;

/**
 * Changes a user's plan, own limits or status; each change holds from their next request (the
 * admission reads them) and is audited with before and after. A suspension ends their sessions at
 * once (locally: their tokens are refused; on Supabase: Auth bans them, and the admission refuses
 * the access tokens still valid); nothing of theirs is deleted. Admins only.
 */
export async function updateUser(user: Admin, id: string, change: UserChange): Promise<AdminUserDetail> {
  requireAdmin(user, "user change");
  if (change.status === "suspended" && id === user.id) throw userError("invalid_input", "You cannot suspend your own account.");
  const supabase = env().mode === "supabase";
  if (supabase && change.status !== undefined) {
    // Banned (or unbanned) first, outside the transaction: if Auth cannot be reached, nothing changes and the admin tries again.
    const current = await withService("admin.users", (tx) => getAdminUser(tx, { id }));
    if (!current) throw new AppError("not_found", `user ${id}`);
    if (current.status !== change.status) await setSupabaseAuthBan({ userId: id, banned: change.status === "suspended" });
  }
  const statusChange = await withService("admin.users", async (tx) => {
    const row = await getAdminUser(tx, { id });
    if (!row) throw new AppError("not_found", `user ${id}`);
    const before = toAdminUser(row);
    if (change.plan !== undefined && !(await holdPlan(tx, { id: change.plan }))) throw userError("invalid_input", `plan: there is no plan "${change.plan}"`);
    const limits = change.limits === undefined ? undefined : normalisedLimits(change.limits);
    const entries: { action: AuditAction; before: unknown; after: unknown }[] = [];
    if (change.plan !== undefined && change.plan !== before.plan) entries.push({ action: "user.plan", before: { plan: before.plan }, after: { plan: change.plan } });
    if (limits !== undefined && !sameLimits(limits, before.limits)) entries.push({ action: "user.limits", before: { limits: before.limits }, after: { limits } });
    if (change.status !== undefined && change.status !== before.status) {
      entries.push({ action: change.status === "suspended" ? "user.suspend" : "user.reactivate", before: { status: before.status }, after: { status: change.status } });
    }
    const write: UsagePlanChange = {
      ...(change.plan !== undefined ? { plan: change.plan } : {}),
      ...(limits !== undefined
        ? { limits: limits && { ...limits, monthlyBudgetMicroUsd: toMicroUsd(limits.monthlyBudgetUsd) } }
        : {}),
      ...(change.status !== undefined && change.status !== before.status ? { status: change.status } : {}),
    };
    if (entries.length === 0) return null;
    await upsertUsagePlan(tx, { userId: id, change: write });
    for (const entry of entries) {
      await insertAuditEntry(tx, { actorId: user.id, actorEmail: user.email, targetKind: "user", targetId: id, targetEmail: before.email, ...entry });
    }
    return write.status === "suspended" ? await getSessionsEndedAt(tx, { userId: id }) : null;
  });
  if (statusChange && !supabase) rememberEndedSessions(id, statusChange.getTime());
  return getUserDetail(user, id);
}
