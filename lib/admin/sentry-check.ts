import "server-only";
import { AppError } from "@/lib/errors";

/**
 * DEPLOY.md's last step: an admin forces one unexpected error to see it arrive in Sentry, tagged
 * like any other (route, code, request id, release, user id). It goes through the one error
 * mapper, so what Sentry receives is exactly what a real bug would send.
 */
export function failForSentryCheck(user: { id: string; isAdmin: boolean }): never {
  if (!user.isAdmin) throw new AppError("forbidden", "sentry check by a non-admin");
  throw new Error(`Sentry check: an error forced by admin ${user.id} to verify error reporting`);
}
