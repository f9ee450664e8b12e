import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";

/** The UTC day a request is counted in. */
export const utcToday = sql`(now() at time zone 'utc')::date`;

/** Counts one request; returns the new count of the row (user, UTC day, group, status class). */
export async function countRequest(tx: Database | Transaction, input: { userId: string; routeGroup: string; statusClass: string }) {
  const rows = await tx.execute<{ requests: number }>(sql`
    insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
    values (${input.userId}, ${utcToday}, ${input.routeGroup}, ${input.statusClass}, 1)
    on conflict (user_id, day, route_group, status_class)
    do update set requests = u.requests + 1, updated_at = now()
    returning u.requests`);
  return rows.rows[0]?.requests ?? 0;
}
