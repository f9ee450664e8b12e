import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

/**
 * Takes the user's admission lock for the rest of the transaction (so admissions of one user run
 * one at a time on every process) and returns the plan. An advisory lock, not a row lock: a
 * person without a plan row has nothing to lock, and a refused turn must not leave one behind.
 */
export async function lockUsagePlan(tx: Transaction, { userId }: { userId: string }): Promise<string> {
  const rows = await tx.execute<{ plan: string }>(sql`
    with admission as (select pg_advisory_xact_lock(hashtextextended(${`usage.admission:${userId}`}, 0)))
    select coalesce((select p.plan from public.usage_plans p where p.user_id = ${userId}), 'free') as plan from admission`);
  return rows.rows[0]?.plan ?? "free";
}

/** The user's plan as stored: "free" when none is. */
export async function getUsagePlanByUserId(tx: Transaction, { userId }: { userId: string }): Promise<string> {
  const rows = await tx.execute<{ plan: string }>(sql`select plan from public.usage_plans where user_id = ${userId}`);
  return rows.rows[0]?.plan ?? "free";
}
