import "server-only";
import { setImmediate as yieldToIo } from "node:timers/promises";
import { isAppError } from "@/lib/errors";
import { getDb, getFlightSource, type Database, type Transaction } from "./client";
import { runInFlights, type Flight } from "./flight";
import { currentCredentialCheck } from "./credential-check";
import { takeRideAlong } from "./ride-along";
import { databaseUnavailableFrom } from "./errors";

export interface DbUser {
  id: string;
  email: string;
}

/**
 * Runs `work` as the user: the JWT claims and the server's own role `mneme_user` are set for this
 * transaction only, so row level security applies even if a query forgets its `user_id` filter.
 * Not `authenticated`: the Data API gives that role to every signed-in user, so anything the server
 * could do as it, they could do directly (supabase/migrations/20261201000100_server_role.sql).
 * A role switched to with `set local` keeps none of the API roles' login timeouts: the statement
 * timeout is set here. Never call the model or any network service inside `work`.
 *
 * BEGIN, the claims and the work's first statements leave together (./flight.ts); a request's
 * ride-along statement (./ride-along.ts) leaves with COMMIT, and its credential check
 * (./credential-check.ts), until it has passed, right after BEGIN, as the server's own role.
 */
export function withUser<T>(user: DbUser, work: (tx: Transaction, flight: Flight) => Promise<T>): Promise<T> {
  return asUser(user, work, false);
}

/**
 * `withUser` in one round trip, for work that issues all its statements without waiting for an
 * answer (one statement, or several under `Promise.all`): COMMIT leaves with them. A statement
 * issued after an answer fails with LateStatementError; an error thrown in JavaScript once the
 * statements succeeded does not roll them back.
 */
export function withUserAtOnce<T>(user: DbUser, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return asUser(user, work, true);
}

async function asUser<T>(user: DbUser, work: (tx: Transaction, flight: Flight) => Promise<T>, sendAtOnce: boolean): Promise<T> {
  const source = await getFlightSource();
  // Let pending I/O through first: a connection that just failed closes a turn of the event loop
  // after its error, and until then the pool may hand it out again (retryOnceIfUnavailable's retry would fail on it).
  await yieldToIo();
  const claims = JSON.stringify({ sub: user.id, email: user.email, role: "authenticated", aud: "authenticated" });
  const rideAlong = takeRideAlong();
  const credentialCheck = currentCredentialCheck();
  const checkStatement = credentialCheck?.pending() ?? null;
  const asTheUser = {
    text: "select set_config('request.jwt.claims', $1, true), set_config('role', 'mneme_user', true), set_config('statement_timeout', '8s', true)",
    params: [claims],
  };
  // Back to the server's own role (`set role none`) for the ride-along, which is no query of the user's.
  const asTheServer = { text: "select set_config('role', 'none', true)", params: [] };
  let rideAlongFailed: unknown;
  let checkFailed: unknown;
  return unlessUnavailable(() =>
    runInFlights(source, {
      prelude: checkStatement ? [checkStatement, asTheUser] : [asTheUser],
      work,
      beforeCommit: rideAlong ? [asTheServer, rideAlong.statement] : [],
      sendAtOnce,
      onEnd: (beforeCommit, committed, prelude) => {
        const checked = checkStatement && prelude[0];
        if (credentialCheck && checked) {
          credentialCheck.settle(checked);
          if ("error" in checked) checkFailed = checked.error;
        }
        const outcome = beforeCommit[1];
        if (!rideAlong || !outcome) return;
        rideAlong.settle?.(outcome, committed);
        if ("error" in outcome) rideAlongFailed = outcome.error;
      },
    }).catch((error: unknown) => {
      if (error === checkFailed && credentialCheck) throw credentialCheck.errorFor(error);
      throw error === rideAlongFailed && rideAlong?.errorFor ? rideAlong.errorFor(error) : error;
    }),
  );
}

/** Every way into the database passes here, so a lost or silent database answers 503 from every caller alike. */
async function unlessUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw databaseUnavailableFrom(error) ?? error;
  }
}

/** Service paths that must act across users or before a user exists (sign up, login limits). */
export type ServicePath =
  | "auth.signup"
  | "auth.login"
  | "auth.rate-limit"
  | "auth.logout"
  | "auth.admins"
  | "auth.api-key"
  | "health"
  | "chat.interrupted-replies"
  | "chat.live-reply"
  | "jobs.worker"
  | "memory.reindex"
  | "documents.files"
  | "account.delete"
  | "share.read"
  | "vitals.record"
  | "usage.meter"
  | "usage.rate-limit-prune"
  | "usage.charge"
  | "usage.admin-export"
  | "monitoring.request-stats"
  | "monitoring.alerts"
  | "admin.overview"
  | "admin.users"
  | "admin.plans"
  | "admin.audit"
  | "usage.plan-defaults"
  | "admin.feedback"
  | "admin.reports"
  | "admin.alerts";

/**
 * Runs `work` as the database owner, bypassing row level security. Each caller names itself so
 * every cross-user path can be found with one search and reviewed.
 */
export async function withService<T>(_path: ServicePath, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const db = await getDb();
  await yieldToIo();
  return unlessUnavailable(() => db.transaction(work));
}

/**
 * Like `withService`, for one statement that is atomic on its own: no BEGIN and COMMIT around it,
 * which is most of the cost of the per-request counter.
 */
export async function withServiceStatement<T>(_path: ServicePath, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await getDb();
  await yieldToIo();
  return unlessUnavailable(() => work(db));
}

/**
 * For a write that may safely run twice (it sets values, or a status guards it) and that no later
 * write makes up for, such as the final state of a reply: once more if the database was
 * unavailable, on the new connection the driver opens. A connection cut mid-request then costs
 * nothing but the retry.
 */
export async function retryOnceIfUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(isAppError(error) && error.code === "unavailable")) throw error;
    return work();
  }
}
