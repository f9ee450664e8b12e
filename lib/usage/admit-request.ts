import "server-only";
import { hitUserRateLimit } from "@/lib/db/queries/usage/limiter";
import { withServiceStatement } from "@/lib/db/transaction";
import { isPlanId, limiterOf, limitsForPlan, planIds, type RouteGroup } from "./limits";

const windowSeconds = 60;

/** Whether a request is admitted under its per-minute limit, and what the `RateLimit-*` headers say. */
export interface Admission {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * Hits the user's per-minute window of the group's limiter under their plan (one atomic upsert,
 * so every process agrees); a refused request is counted by the same statement as the hit that
 * refused it. `now` is read once the hit is counted. Throws when the limiter cannot answer.
 */
export async function admitRequest({ user, group, now = Date.now }: { user: { id: string }; group: RouteGroup; now?: () => number }): Promise<Admission> {
  const limiter = limiterOf(group);
  return withServiceStatement("usage.meter", async (db) => {
    const limitsByPlan = Object.fromEntries(
      planIds.map((plan) => {
        const limits = limitsForPlan(plan);
        return [plan, limiter === "chat" ? limits.chatRequestsPerMinute : limits.apiRequestsPerMinute];
      }),
    );
    const hit = await hitUserRateLimit(db, { userId: user.id, key: `user:${user.id}:${limiter}`, routeGroup: group, limitsByPlan });
    const limit = limitsByPlan[isPlanId(hit.plan) ? hit.plan : "free"]!;
    const windowEnd = hit.windowStart.getTime() + windowSeconds * 1000;
    return {
      allowed: hit.hits <= limit,
      limit,
      remaining: Math.max(0, limit - hit.hits),
      resetSeconds: Math.max(1, Math.ceil((windowEnd - now()) / 1000)),
    };
  });
}
