import "server-only";
import { AppError } from "@/lib/errors";
import type { ApiKeyCheckInput } from "@/lib/db/queries/api-keys";
import { admitNow, admitStatement, isSuspendedRefusal, readAdmitRow, recountRequest, refusalOf, type AdmitInput, type AdmitRow } from "@/lib/db/queries/usage/limiter";
import type { RideAlong } from "@/lib/db/ride-along";
import { withServiceStatement } from "@/lib/db/transaction";
import { limiterOf, type RouteGroup } from "./limits";

const windowSeconds = 60;

/** Whether a request is admitted under its per-minute limit, and what the `RateLimit-*` headers say. */
export interface Admission {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** The account is suspended: every authenticated request answers 403 `account_suspended`. */
  suspended: boolean;
}

export const statusClassOf = (status: number) => `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx`;

/** The admission a limiter row gives, `now` read after the hit. */
export function admissionOf(row: AdmitRow, now = Date.now()): Admission {
  const windowEnd = row.windowStart.getTime() + windowSeconds * 1000;
  return {
    allowed: row.allowed,
    limit: row.limit,
    remaining: Math.max(0, row.limit - row.hits),
    resetSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
    suspended: row.suspended,
  };
}

/** The 403 of a suspended account (API.md): nothing of theirs is deleted, they just cannot use it. */
export const accountSuspendedError = (cause?: unknown) => new AppError("account_suspended", "request of a suspended account", { cause });

/** The 429 of a refused admission. */
export function rateLimitedError(group: RouteGroup, admission: Admission, cause?: unknown): AppError {
  return new AppError("rate_limited", `${limiterOf(group)} rate limit`, { cause, retryAfterSeconds: admission.resetSeconds });
}

function admitInput(user: { id: string }, group: RouteGroup, statusClass: string, apiKey?: ApiKeyCheckInput): AdmitInput {
  const limiter = limiterOf(group);
  return { userId: user.id, key: `user:${user.id}:${limiter}`, routeGroup: group, limiter, statusClass, ...(apiKey ? { apiKey } : {}) };
}

/**
 * Refuses a suspended account, else hits the user's per-minute window of the group's limiter under
 * their own limit or their plan's, as the database holds them now, and counts the request as
 * `statusClass` (a refused one as 4xx), in one atomic statement, so every process agrees and a
 * change an admin makes holds from the next request. Throws when the limiter cannot answer, or
 * (MN401) when `apiKey` is given and is not a live key of the user's.
 */
export async function admitRequest({
  user,
  group,
  statusClass = "2xx",
  apiKey,
}: {
  user: { id: string };
  group: RouteGroup;
  statusClass?: string;
  apiKey?: ApiKeyCheckInput;
}): Promise<Admission> {
  const row = await withServiceStatement("usage.meter", (db) => admitNow(db, admitInput(user, group, statusClass, apiKey)));
  return admissionOf(row);
}

/** A request admitted and counted as 2xx that was answered otherwise: moves its count to its class. */
export async function recountAnsweredRequest({ user, group, status }: { user: { id: string }; group: RouteGroup; status: number }): Promise<void> {
  const to = statusClassOf(status);
  if (to === "2xx") return;
  await withServiceStatement("usage.meter", (db) => recountRequest(db, { userId: user.id, routeGroup: group, from: "2xx", to }));
}

/** What became of an admission sent along with the request's first user transaction. */
export type RideAlongOutcome =
  | { state: "waiting" }
  | { state: "committed"; admission: Admission }
  | { state: "refused"; admission: Admission }
  | { state: "suspended" }
  | { state: "rolled back" };

/**
 * The admission as a ride-along (lib/db/ride-along.ts) of the request's first user transaction:
 * counted as 2xx with it, or refused, and the work rolled back, answering 429 (403 for a
 * suspended account).
 */
export function admissionRideAlong(user: { id: string }, group: RouteGroup): { rideAlong: RideAlong; outcome: () => RideAlongOutcome } {
  let outcome: RideAlongOutcome = { state: "waiting" };
  const rideAlong: RideAlong = {
    statement: admitStatement(admitInput(user, group, "2xx")),
    settle(result, committed) {
      if ("rows" in result && committed) outcome = { state: "committed", admission: admissionOf(readAdmitRow(result.rows[0] ?? {})) };
      else if ("error" in result && refusalOf(result.error)) outcome = { state: "refused", admission: admissionOf(refusalOf(result.error)!) };
      else if ("error" in result && isSuspendedRefusal(result.error)) outcome = { state: "suspended" };
      else outcome = { state: "rolled back" };
    },
    errorFor(error) {
      if (isSuspendedRefusal(error)) return accountSuspendedError(error);
      const refusal = refusalOf(error);
      if (!refusal) return error;
      return rateLimitedError(group, admissionOf(refusal), error);
    },
  };
  return { rideAlong, outcome: () => outcome };
}
