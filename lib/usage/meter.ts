import "server-only";
import { getCurrentUser } from "@/lib/auth/current-user";
import { withServiceStatement } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { toResponse } from "@/lib/http/responses";
import { logger } from "@/lib/monitoring/logger";
import { countRequest } from "@/lib/db/queries/usage/counter";
import { hitUserRateLimit } from "@/lib/db/queries/usage/limiter";
import { isPlanId, limiterOf, limitsForPlan, planIds, type RouteGroup } from "./limits";

const windowSeconds = 60;

export const statusClassOf = (status: number) => `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx`;

interface Admission {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

function setRateLimitHeaders(response: Response, admission: Admission) {
  response.headers.set("ratelimit-limit", String(admission.limit));
  response.headers.set("ratelimit-remaining", String(admission.remaining));
  response.headers.set("ratelimit-reset", String(admission.resetSeconds));
}

/**
 * Meters an API request: the per-minute limit of the user's plan is hit (one atomic upsert) before
 * the handler runs, and the request is counted once with its status class. Unauthenticated
 * requests pass straight to the handler, which answers 401. If the limiter fails, the chat route
 * (which costs money) fails closed with 503; the others go on unmetered, unless the database
 * itself is unreachable or silent: their handler would wait for the same database, so they answer
 * 503 at once too.
 */
export async function meterRequest(
  request: Request,
  group: RouteGroup,
  requestId: string,
  run: () => Promise<Response>,
): Promise<Response> {
  if (env().METERING_DISABLED) return run();
  const user = await getCurrentUser(request).catch(() => null);
  if (!user) return run();

  const limiter = limiterOf(group);
  let admission: Admission & { allowed: boolean };
  try {
    admission = await withServiceStatement("usage.meter", async (db) => {
      const limitsByPlan = Object.fromEntries(
        planIds.map((plan) => {
          const limits = limitsForPlan(plan);
          return [plan, limiter === "chat" ? limits.chatRequestsPerMinute : limits.apiRequestsPerMinute];
        }),
      );
      // A refused request is counted by the same statement as the hit that refused it.
      const hit = await hitUserRateLimit(db, { userId: user.id, key: `user:${user.id}:${limiter}`, routeGroup: group, limitsByPlan });
      const limit = limitsByPlan[isPlanId(hit.plan) ? hit.plan : "free"]!;
      const windowEnd = hit.windowStart.getTime() + windowSeconds * 1000;
      return {
        allowed: hit.hits <= limit,
        limit,
        remaining: Math.max(0, limit - hit.hits),
        resetSeconds: Math.max(1, Math.ceil((windowEnd - Date.now()) / 1000)),
      };
    });
  } catch (error) {
    if (isAppError(error) && error.code === "unavailable") return toResponse(error, requestId);
    if (limiter === "chat") {
      return toResponse(new AppError("unavailable", "the rate limiter failed", { cause: error, retryAfterSeconds: 5 }), requestId);
    }
    logger.error({ requestId, err: error }, "metering failed; serving unmetered");
    return run();
  }

  if (!admission.allowed) {
    const response = toResponse(
      new AppError("rate_limited", `${limiter} rate limit`, { retryAfterSeconds: admission.resetSeconds }),
      requestId,
    );
    setRateLimitHeaders(response, admission);
    return response;
  }

  const response = await run();
  try {
    await withServiceStatement("usage.meter", (db) =>
      countRequest(db, { userId: user.id, routeGroup: group, statusClass: statusClassOf(response.status) }),
    );
  } catch (error) {
    logger.error({ requestId, err: error, userId: user.id, group }, "counting the request failed");
  }
  setRateLimitHeaders(response, admission);
  return response;
}
