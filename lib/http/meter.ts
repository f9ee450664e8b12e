import "server-only";
import { getCurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { admitRequest, type Admission } from "@/lib/usage/admit-request";
import { countAdmittedRequest } from "@/lib/usage/count-request";
import { limiterOf, type RouteGroup } from "@/lib/usage/limits";
import { toResponse } from "./responses";

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
  let admission: Admission;
  try {
    admission = await admitRequest({ user, group });
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
    await countAdmittedRequest({ user, group, status: response.status });
  } catch (error) {
    logger.error({ requestId, err: error, userId: user.id, group }, "counting the request failed");
  }
  setRateLimitHeaders(response, admission);
  return response;
}
