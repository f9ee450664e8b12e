import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

/**
 * Locks the user's plan row for the rest of the transaction (so admissions of one user run one
 * at a time on every process) and returns the plan.
 */
export async function lockUsagePlan(tx: Transaction, { userId }: { userId: string }): Promise<string> {
  const rows = await tx.execute<{ plan: string }>(sql`
    insert into public.usage_plans as p (user_id) values (${userId})
    on conflict (user_id) do update set user_id = p.user_id
    returning p.plan`);
  return rows.rows[0]?.plan ?? "free";
}

/** The user's plan as stored: "free" when none is. */
export async function getUsagePlanByUserId(tx: Transaction, { userId }: { userId: string }): Promise<string> {
  const rows = await tx.execute<{ plan: string }>(sql`select plan from public.usage_plans where user_id = ${userId}`);
  return rows.rows[0]?.plan ?? "free";
}
