import { AppError } from "@/lib/errors";

/**
 * Every admin route asks first, before it reads its input: a non-admin learns nothing from a
 * 400, only 403. The domain functions ask again (they are the rule; this is the route's order).
 */
export function requireAdmin(user: { isAdmin: boolean }, what: string): void {
  if (!user.isAdmin) throw new AppError("forbidden", `${what} by a non-admin`);
}
