import "server-only";
import * as Sentry from "@sentry/nextjs";
import { currentRequestContext } from "@/lib/http/request-context";

/**
 * Sends an unexpected error to Sentry (a no-op without SENTRY_DSN), tagged with the route
 * template (or `route` where there is none, as in the proxy), error code, request id and the
 * user's id: never the email. Returns the event id.
 */
export function reportUnexpectedError(error: unknown, { code, requestId, route }: { code: string; requestId: string; route?: string }): string {
  const context = currentRequestContext();
  return Sentry.withScope((scope) => {
    scope.setTags({ route: route ?? context?.route ?? "unknown", code, request_id: requestId });
    if (context?.userId) scope.setUser({ id: context.userId });
    return Sentry.captureException(error);
  });
}
