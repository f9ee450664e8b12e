import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";

// The plans table (supabase/migrations/20261205002000_plans.sql), for admins through a service path.

export type PlanRow = {
  id: string;
  name: string;
  api_requests_per_minute: number;
  chat_requests_per_minute: number;
  monthly_requests: number | null;
  monthly_budget_micro_usd: number | string | null;
  models: string[] | null;
  document_storage_bytes: number | string;
  document_count: number;
  edited_at: Date | string | null;
  created_at: Date | string;
  /** Accounts on the plan (those without a row count for `free`). */
  users: number | string;
};

export interface PlanValues {
  name: string;
  apiRequestsPerMinute: number;
  chatRequestsPerMinute: number;
  monthlyRequests: number | null;
  monthlyBudgetMicroUsd: number | null;
  models: string[] | null;
  documentStorageBytes: number;
  documentCount: number;
}

const planColumns = sql`p.id, p.name, p.api_requests_per_minute, p.chat_requests_per_minute, p.monthly_requests,
  p.monthly_budget_micro_usd, p.models, p.document_storage_bytes, p.document_count, p.edited_at, p.created_at,
  (select count(*) from public.usage_plans u where u.plan = p.id)
    + case when p.id = 'free' then (select count(*) from auth.users a where not exists (select 1 from public.usage_plans u where u.user_id = a.id)) else 0 end as users`;

// Bound as one JSON text: the driver would spread a bound array into a list of parameters.
const modelsArray = (models: string[] | null) =>
  models === null ? sql`null::text[]` : sql`array(select jsonb_array_elements_text(${JSON.stringify(models)}::text::jsonb))`;

export async function listPlans(tx: Transaction): Promise<PlanRow[]> {
  const rows = await tx.execute<PlanRow>(sql`select ${planColumns} from public.plans p order by p.created_at, p.id`);
  return rows.rows;
}

/** The plan, locked for the rest of the transaction; null when there is none. */
export async function getPlanForUpdate(tx: Transaction, { id }: { id: string }): Promise<PlanRow | null> {
  const rows = await tx.execute<PlanRow>(sql`select ${planColumns} from public.plans p where p.id = ${id} for update of p`);
  return rows.rows[0] ?? null;
}

/** Creates the plan; null when its id is taken. */
export async function insertPlan(tx: Transaction, { id, values }: { id: string; values: PlanValues }): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into public.plans (id, name, api_requests_per_minute, chat_requests_per_minute, monthly_requests, monthly_budget_micro_usd, models,
      document_storage_bytes, document_count, edited_at)
    values (${id}, ${values.name}, ${values.apiRequestsPerMinute}, ${values.chatRequestsPerMinute}, ${values.monthlyRequests},
      ${values.monthlyBudgetMicroUsd}, ${modelsArray(values.models)}, ${values.documentStorageBytes}, ${values.documentCount}, now())
    on conflict (id) do nothing
    returning id`);
  return rows.rows.length === 1;
}

export async function updatePlan(tx: Transaction, { id, values }: { id: string; values: PlanValues }): Promise<void> {
  await tx.execute(sql`
    update public.plans set name = ${values.name}, api_requests_per_minute = ${values.apiRequestsPerMinute},
      chat_requests_per_minute = ${values.chatRequestsPerMinute}, monthly_requests = ${values.monthlyRequests},
      monthly_budget_micro_usd = ${values.monthlyBudgetMicroUsd}, models = ${modelsArray(values.models)},
      document_storage_bytes = ${values.documentStorageBytes}, document_count = ${values.documentCount},
      edited_at = now(), updated_at = now()
    where id = ${id}`);
}

export async function deletePlanById(tx: Transaction, { id }: { id: string }): Promise<void> {
  await tx.execute(sql`delete from public.plans where id = ${id}`);
}

/**
 * Writes the seed's defaults (the environment's, lib/usage/limits.ts) into the seeded plans no
 * admin has edited, in one statement; an edited plan keeps what the admin set.
 */
export async function applyUneditedPlanDefaults(
  db: Database,
  { plans }: { plans: (Pick<PlanValues, "apiRequestsPerMinute" | "chatRequestsPerMinute" | "monthlyRequests" | "monthlyBudgetMicroUsd"> & { id: string })[] },
): Promise<void> {
  if (plans.length === 0) return;
  const values = sql.join(
    plans.map(
      (plan) =>
        sql`(${plan.id}::text, ${plan.apiRequestsPerMinute}::integer, ${plan.chatRequestsPerMinute}::integer, ${plan.monthlyRequests}::integer, ${plan.monthlyBudgetMicroUsd}::bigint)`,
    ),
    sql`, `,
  );
  await db.execute(sql`
    update public.plans p set api_requests_per_minute = d.api, chat_requests_per_minute = d.chat,
      monthly_requests = d.monthly_requests, monthly_budget_micro_usd = d.budget, updated_at = now()
    from (values ${values}) as d (id, api, chat, monthly_requests, budget)
    where p.id = d.id and p.edited_at is null
      and (p.api_requests_per_minute, p.chat_requests_per_minute, p.monthly_requests, p.monthly_budget_micro_usd)
        is distinct from (d.api, d.chat, d.monthly_requests, d.budget)`);
}

/** Whether the plan exists, holding it (a key share lock) so it cannot be deleted before the transaction ends. */
export async function holdPlan(tx: Transaction, { id }: { id: string }): Promise<boolean> {
  const rows = await tx.execute(sql`select 1 from public.plans where id = ${id} for key share`);
  return rows.rows.length === 1;
}
