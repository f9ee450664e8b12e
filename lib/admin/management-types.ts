// Shapes of /api/admin/users, /api/admin/plans and /api/admin/audit (API.md), shared by the server
// and the admin pages.

export interface LimitValues {
  apiRequestsPerMinute: number;
  chatRequestsPerMinute: number;
  /** Chat turns a month; null: no limit. */
  monthlyRequests: number | null;
  /** Dollars a month; null: no limit. */
  monthlyBudgetUsd: number | null;
}

/** A person's own limits; a null field keeps the plan's. */
export type OwnLimits = { [Key in keyof LimitValues]: LimitValues[Key] | null };

export interface AdminUser {
  id: string;
  email: string;
  createdAt: string;
  /** When a request of theirs was last counted; null if never. */
  lastActiveAt: string | null;
  plan: string;
  planName: string;
  status: "active" | "suspended";
  /** Their own limits over the plan's; null: the plan's. */
  limits: OwnLimits | null;
  /** What holds for them now. */
  effectiveLimits: LimitValues & { models: string[] | null };
  /** This UTC month: requests of every kind; tokens and cost of settled chat turns. */
  month: { requests: number; inputTokens: number; outputTokens: number; costUsd: number };
  /** The larger of the month's chat-request and budget fractions (1: chat refused until next month). */
  budgetUsedFraction: number;
}

export interface AdminUserList {
  users: AdminUser[];
  nextCursor: string | null;
}

export interface UsageFiguresDay {
  date: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface AdminUserDetail extends AdminUser {
  /** The last 30 UTC days, oldest first. */
  daily: UsageFiguresDay[];
  /** The same 30 days' settled chat turns per model. */
  byModel: { model: string; requests: number; inputTokens: number; outputTokens: number; costUsd: number }[];
  alerts: { id: string; rule: string; severity: string; summary: string; firedAt: string }[];
  /** Their ratings and votes: scores, comments, pages and the voted reply's model, never a message's text. */
  feedback: { id: string; kind: "rating" | "vote"; rating: number | null; vote: "up" | "down" | null; comment: string | null; page: string | null; model: string | null; createdAt: string }[];
  audit: AuditEntry[];
}

export interface Plan extends LimitValues {
  /** A slug: lower-case letters, digits and dashes. */
  id: string;
  name: string;
  /** The models chats on the plan may use; null: every model. */
  models: string[] | null;
  /** Bytes of every document a person on the plan stores, together. */
  documentStorageBytes: number;
  /** Documents a person on the plan may keep. */
  documentCount: number;
  /** Accounts on the plan (those without one are on `free`). */
  users: number;
  /** Null while the plan holds the seed's values, which the environment's defaults still set. */
  editedAt: string | null;
}

export type AuditAction = "user.plan" | "user.limits" | "user.suspend" | "user.reactivate" | "plan.create" | "plan.update" | "plan.delete";

export interface AuditEntry {
  id: string;
  actorId: string;
  /** Null once the actor's account is deleted. */
  actorEmail: string | null;
  action: AuditAction;
  targetKind: "user" | "plan";
  targetId: string;
  /** A user target's email; null once that account is deleted. */
  targetEmail: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

export const adminUserSorts = ["email", "createdAt", "lastActiveAt", "plan", "requests", "inputTokens", "outputTokens", "costUsd", "budgetUsedFraction", "status"] as const;
export type AdminUserSortKey = (typeof adminUserSorts)[number];

export const planIdPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
