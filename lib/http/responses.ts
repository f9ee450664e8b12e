import "server-only";
import { AppError, errorCodes, isAppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { reportUnexpectedError } from "@/lib/monitoring/report-error";

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function noContent(init: ResponseInit = {}): Response {
  return new Response(null, { ...init, status: 204 });
}

/**
 * The one place errors become HTTP answers. Unexpected errors are logged with their cause and
 * reported to Sentry once; clients see a generic message. Expected (4xx) errors are not reported.
 */
export function toResponse(error: unknown, requestId: string): Response {
  const appError = isAppError(error) ? error : (deletedUserErrorFrom(error) ?? internalErrorFrom(error));
  if (appError.status >= 500) {
    logger.error({ requestId, code: appError.code, err: appError.cause ?? appError }, appError.message);
    reportUnexpectedError(appError.cause ?? appError, { code: appError.code, requestId });
  }
  const headers = new Headers();
  if (appError.retryAfterSeconds !== undefined) headers.set("retry-after", String(appError.retryAfterSeconds));
  return json(
    { error: { code: appError.code, message: appError.publicMessage, requestId } },
    { status: appError.status, headers },
  );
}

/**
 * A session token outlives its deleted account: its writes reach no row to check against and
 * fail on the `<table>_user_id_fkey` foreign key to auth.users. That is a signed-out caller.
 */
function deletedUserErrorFrom(error: unknown): AppError | null {
  const cause = (error as { cause?: { code?: unknown; constraint?: unknown } } | null)?.cause;
  const isMissingUser = cause?.code === "23503" && typeof cause.constraint === "string" && cause.constraint.endsWith("_user_id_fkey");
  return isMissingUser ? new AppError("unauthorized", "write by a deleted account", { cause: error }) : null;
}

function internalErrorFrom(error: unknown): AppError {
  return new AppError("internal", error instanceof Error ? error.message : String(error), {
    cause: error,
    publicMessage: errorCodes.internal.message,
  });
}
