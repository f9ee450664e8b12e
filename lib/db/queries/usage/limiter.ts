import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";
import { utcToday } from "./counter";

/**
 * One statement: hits the minute window of the key (an atomic upsert), reads the user's plan, and
 * when the hit is over the plan's limit counts the refused request (4xx) in the same statement.
 */
export async function hitUserRateLimit(
  db: Database | Transaction,
  input: { userId: string; key: string; routeGroup: string; limitsByPlan: Record<string, number> },
) {
  const rows = await db.execute<{ hits: number; window_start: Date | string; plan: string }>(sql`
    with hit as (select hits, window_start from private.hit_rate_limit(${input.key}, 60)),
    plan as (select coalesce((select p.plan from public.usage_plans p where p.user_id = ${input.userId}), 'free') as plan),
    refused as (
      insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
      select ${input.userId}, ${utcToday}, ${input.routeGroup}, '4xx', 1 from hit, plan
      where hit.hits > (${JSON.stringify(input.limitsByPlan)}::jsonb ->> plan.plan)::int
      on conflict (user_id, day, route_group, status_class)
      do update set requests = u.requests + 1, updated_at = now()
      returning 1
    )
    select hit.hits, hit.window_start, plan.plan, (select count(*) from refused) as refused from hit, plan`);
  const row = rows.rows[0];
  if (!row) throw new Error("hit_rate_limit returned no row");
  return { hits: row.hits, windowStart: new Date(row.window_start), plan: row.plan };
}
