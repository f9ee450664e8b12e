import "server-only";
import { apiKeyProofOf, apiKeyRefusal, withApiKeyCheck, type ApiKeyProof } from "@/lib/auth/api-key-proof";
import { getCurrentUser } from "@/lib/auth/current-user";
import { withRideAlong } from "@/lib/db/ride-along";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { accountSuspendedError, admissionRideAlong, admitRequest, rateLimitedError, recountAnsweredRequest, statusClassOf, type Admission } from "@/lib/usage/admit-request";
import { limiterOf, type RouteGroup } from "@/lib/usage/limits";
import { toResponse } from "./responses";

/**
 * Groups whose every handler does its work in user transactions (lib/db/transaction.ts): their
 * admission rides along with the first one and costs no round trip of its own. The others are
 * admitted before they run: the chat route fails closed before it does any work when the limiter
 * cannot answer (its turn then costs three round trips, its budget), memory search spends money
 * on an embedding before any transaction, and the rest work as the service or not in the database.
 */
const rideAlongGroups: ReadonlySet<RouteGroup> = new Set(["chats", "settings", "feedback", "usage", "shares", "keys"]);

function setRateLimitHeaders(response: Response, admission: Admission) {
  response.headers.set("ratelimit-limit", String(admission.limit));
  response.headers.set("ratelimit-remaining", String(admission.remaining));
  response.headers.set("ratelimit-reset", String(admission.resetSeconds));
}

function refused(group: RouteGroup, admission: Admission, requestId: string): Response {
  const response = toResponse(rateLimitedError(group, admission), requestId);
  setRateLimitHeaders(response, admission);
  return response;
}

/**
 * Meters an API request: the per-minute limit of the user's plan is hit (one atomic upsert) before
 * the handler's work, and the request is counted once with its status class. Unauthenticated
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
  const apiKey = apiKeyProofOf(request);
  return rideAlongGroups.has(group) ? meterAlong(user, group, apiKey, requestId, run) : meterFirst(user, group, apiKey, requestId, run);
}

/**
 * A request with an API key is admitted with the key's check in the same statement: a key that is
 * not live, or a check that fails, answers 401 or 503 and counts nothing. It is never served unmetered.
 */
async function meterFirst(user: { id: string }, group: RouteGroup, apiKey: ApiKeyProof | null, requestId: string, run: () => Promise<Response>): Promise<Response> {
  let admission: Admission;
  try {
    admission = await withApiKeyCheck(apiKey, (check) => admitRequest({ user, group, apiKey: check }));
  } catch (error) {
    if (apiKey && apiKey.state !== "valid") return toResponse(apiKey.state === "invalid" ? error : apiKeyRefusal(apiKey), requestId);
    if (isAppError(error) && error.code === "unavailable") return toResponse(error, requestId);
    if (limiterOf(group) === "chat") {
      return toResponse(new AppError("unavailable", "the rate limiter failed", { cause: error, retryAfterSeconds: 5 }), requestId);
    }
    logger.error({ requestId, err: error }, "metering failed; serving unmetered");
    return run();
  }
  if (admission.suspended) return toResponse(accountSuspendedError(), requestId);
  if (!admission.allowed) return refused(group, admission, requestId);
  const response = await run();
  await recount(user, group, response, requestId);
  setRateLimitHeaders(response, admission);
  return response;
}

/**
 * The admission rides along with the handler's first user transaction. When the handler opened
 * none, or its transaction rolled back (and the count with it), the request is admitted and
 * counted on its own afterwards, as what it was answered with; a refusal then answers 429, which
 * holds because nothing it did was kept. A 503 is the database not answering: asking it again
 * would only make the answer wait out another timeout. A request whose API key was refused, or
 * could not be checked, is neither answered nor counted here (lib/http/api-key-gate.ts answers it).
 */
async function meterAlong(user: { id: string }, group: RouteGroup, apiKey: ApiKeyProof | null, requestId: string, run: () => Promise<Response>): Promise<Response> {
  const { rideAlong, outcome } = admissionRideAlong(user, group);
  const response = await withRideAlong(rideAlong, run);
  if (apiKey && (apiKey.state === "invalid" || apiKey.state === "failed")) return response;
  const result = outcome();
  try {
    if (result.state === "committed") {
      await recount(user, group, response, requestId);
      setRateLimitHeaders(response, result.admission);
      return response;
    }
    if (result.state === "suspended") {
      // Rolled back with the work: counted now, as the refusal it was.
      await admitRequest({ user, group, statusClass: "4xx" });
      return toResponse(accountSuspendedError(), requestId);
    }
    if (result.state === "refused") {
      // The refused hit rolled back with the work: hit and count it now.
      return refused(group, await admitRequest({ user, group, statusClass: "4xx" }), requestId);
    }
    if (response.status === 503) return response;
    // A key no transaction of the handler's carried is checked with this admission, in its statement.
    const admission = await withApiKeyCheck(apiKey, (check) => admitRequest({ user, group, statusClass: statusClassOf(response.status), apiKey: check }));
    if (admission.suspended) return toResponse(accountSuspendedError(), requestId);
    if (!admission.allowed) return refused(group, admission, requestId);
    setRateLimitHeaders(response, admission);
    return response;
  } catch (error) {
    if (apiKey && apiKey.state !== "valid") return response;
    logger.error({ requestId, err: error, userId: user.id, group }, "counting the request failed");
    return response;
  }
}

async function recount(user: { id: string }, group: RouteGroup, response: Response, requestId: string) {
  try {
    await recountAnsweredRequest({ user, group, status: response.status });
  } catch (error) {
    logger.error({ requestId, err: error, userId: user.id, group }, "counting the request failed");
  }
}
