import "server-only";
import { insertAuditEntry } from "@/lib/db/queries/audit";
import { deletePlanById, getPlanForUpdate, insertPlan, listPlans as listPlanRows, updatePlan, type PlanRow, type PlanValues } from "@/lib/db/queries/plans";
import { withService } from "@/lib/db/transaction";
import { AppError, userError } from "@/lib/errors";
import { defaultDocumentPlanLimits } from "@/lib/usage/limits";
import { requireAdmin } from "./require-admin";
import type { LimitValues, Plan } from "./management-types";

type Admin = { id: string; email: string; isAdmin: boolean };

/** A new plan without document limits gets the free plan's seed (lib/usage/limits.ts). */
export type PlanInput = LimitValues & { name: string; models: string[] | null; documentStorageBytes?: number; documentCount?: number };

/** The plan every account without one is on: it cannot be deleted. */
export const defaultPlanId = "free";

const toMicroUsd = (usd: number | null) => (usd === null ? null : Math.round(usd * 1_000_000));
const toUsd = (microUsd: number | string | null) => (microUsd === null ? null : Number(microUsd) / 1_000_000);

export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    name: row.name,
    apiRequestsPerMinute: Number(row.api_requests_per_minute),
    chatRequestsPerMinute: Number(row.chat_requests_per_minute),
    monthlyRequests: row.monthly_requests === null ? null : Number(row.monthly_requests),
    monthlyBudgetUsd: toUsd(row.monthly_budget_micro_usd),
    models: row.models,
    documentStorageBytes: Number(row.document_storage_bytes),
    documentCount: Number(row.document_count),
    users: Number(row.users),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
  };
}

const toValues = (input: PlanInput): PlanValues => ({
  name: input.name,
  apiRequestsPerMinute: input.apiRequestsPerMinute,
  chatRequestsPerMinute: input.chatRequestsPerMinute,
  monthlyRequests: input.monthlyRequests,
  monthlyBudgetMicroUsd: toMicroUsd(input.monthlyBudgetUsd),
  models: input.models === null ? null : [...new Set(input.models)],
  documentStorageBytes: input.documentStorageBytes ?? defaultDocumentPlanLimits.totalBytes,
  documentCount: input.documentCount ?? defaultDocumentPlanLimits.documents,
});

/** What the audit log keeps of a plan: its settings, not how many use it. */
const auditedPlan = (plan: Plan) => ({
  id: plan.id,
  name: plan.name,
  apiRequestsPerMinute: plan.apiRequestsPerMinute,
  chatRequestsPerMinute: plan.chatRequestsPerMinute,
  monthlyRequests: plan.monthlyRequests,
  monthlyBudgetUsd: plan.monthlyBudgetUsd,
  models: plan.models,
  documentStorageBytes: plan.documentStorageBytes,
  documentCount: plan.documentCount,
});


export async function listPlans(user: Admin): Promise<Plan[]> {
  requireAdmin(user, "plan list");
  return (await withService("admin.plans", listPlanRows)).map(toPlan);
}

/** Creates a plan (201); `conflict` when its id is taken. Audited. */
export async function createPlan(user: Admin, input: PlanInput & { id: string }): Promise<Plan> {
  requireAdmin(user, "plan create");
  return withService("admin.plans", async (tx) => {
    if (!(await insertPlan(tx, { id: input.id, values: toValues(input) }))) throw userError("conflict", `A plan with the id "${input.id}" already exists.`);
    const plan = toPlan((await getPlanForUpdate(tx, { id: input.id }))!);
    await insertAuditEntry(tx, { actorId: user.id, actorEmail: user.email, action: "plan.create", targetKind: "plan", targetId: plan.id, targetEmail: null, before: null, after: auditedPlan(plan) });
    return plan;
  });
}

/** Changes any of a plan's settings; they hold from its users' next request. Audited. */
export async function editPlan(user: Admin, id: string, change: Partial<PlanInput>): Promise<Plan> {
  requireAdmin(user, "plan edit");
  return withService("admin.plans", async (tx) => {
    const row = await getPlanForUpdate(tx, { id });
    if (!row) throw new AppError("not_found", `plan ${id}`);
    const before = toPlan(row);
    const merged: PlanInput = { ...before, ...change };
    await updatePlan(tx, { id, values: toValues(merged) });
    const after = toPlan((await getPlanForUpdate(tx, { id }))!);
    await insertAuditEntry(tx, { actorId: user.id, actorEmail: user.email, action: "plan.update", targetKind: "plan", targetId: id, targetEmail: null, before: auditedPlan(before), after: auditedPlan(after) });
    return after;
  });
}

/** Deletes a plan nobody is on; `conflict` while anyone is (and always for the default plan). Audited. */
export async function deletePlan(user: Admin, id: string): Promise<void> {
  requireAdmin(user, "plan delete");
  await withService("admin.plans", async (tx) => {
    const row = await getPlanForUpdate(tx, { id });
    if (!row) throw new AppError("not_found", `plan ${id}`);
    if (id === defaultPlanId) throw userError("conflict", "The free plan is the default of every account without a plan: it cannot be deleted.");
    const plan = toPlan(row);
    if (plan.users > 0) throw userError("conflict", `${plan.users === 1 ? "1 account is" : `${plan.users} accounts are`} on the plan "${plan.name}": move them to another plan first.`);
    await deletePlanById(tx, { id });
    await insertAuditEntry(tx, { actorId: user.id, actorEmail: user.email, action: "plan.delete", targetKind: "plan", targetId: id, targetEmail: null, before: auditedPlan(plan), after: null });
  });
}
