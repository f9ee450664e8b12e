import "server-only";
import { AppError } from "@/lib/errors";

/** Driver and socket codes of a connection that failed, or of a database that did not answer in time. */
const unreachableCodes = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "DATABASE_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs of a server that is going away or overloaded, not of a wrong statement: connection
 * exceptions (class 08), shutdowns and "cannot connect now" (57P01–57P03), too many connections,
 * and the statement timeout.
 */
const unavailableStates = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

/** The error, or the first cause in its chain (five deep), whose code passes `test`. */
function causeWithCode(error: unknown, test: (code: string) => boolean): { code: string; message?: unknown } | null {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && test(code)) return cause as { code: string; message?: unknown };
  }
  return null;
}

/** The error, or a cause in its chain (Drizzle wraps the driver's), has this SQLSTATE. */
export const hasSqlState = (error: unknown, state: string): boolean => causeWithCode(error, (code) => code === state) !== null;

/** The error, or a cause in its chain, says the connection itself is gone (not a statement that failed). */
export const isConnectionLost = (error: unknown): boolean => causeWithCode(error, (code) => unreachableCodes.has(code)) !== null;

/** The error, or the cause in its chain, that says the database was unreachable or silent. */
const unreachableCause = (error: unknown) =>
  causeWithCode(error, (code) => unreachableCodes.has(code) || unavailableStates.has(code) || /^08[0-9A-Z]{3}$/.test(code));

/**
 * The one place where "the database could not be reached or did not answer" becomes the API's 503
 * `unavailable` (with Retry-After), instead of a 500 that reads as a bug. Null for anything else.
 * The message is the driver's, not the query wrapper's, which quotes the statement's values.
 */
export function databaseUnavailableFrom(error: unknown): AppError | null {
  if (error instanceof AppError) return null;
  const cause = unreachableCause(error);
  if (!cause) return null;
  return new AppError("unavailable", `database unavailable: ${cause.code}: ${typeof cause.message === "string" ? cause.message : ""}`, {
    cause: error,
    retryAfterSeconds: 5,
  });
}

/**
 * The name of the constraint a failed statement violated (SQLSTATE class 23), or null. PGlite calls
 * the field `constraint`, postgres.js `constraint_name`; Drizzle wraps either as `cause`.
 */
export function violatedConstraint(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown; constraint?: unknown; constraint_name?: unknown } } | null)?.cause;
  if (typeof cause?.code !== "string" || !cause.code.startsWith("23")) return null;
  const name = cause.constraint ?? cause.constraint_name;
  return typeof name === "string" ? name : null;
}
