import { failForSentryCheck } from "@/lib/admin/sentry-check";
import { getCurrentUser } from "@/lib/auth/current-user";
import { routeHandlers } from "@/lib/http/handler";

// POST: it is an action (it sends an event), and a link or prefetch must never trigger it.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/sentry-check", {
  POST: async (request) => failForSentryCheck(await getCurrentUser(request)),
}, { meter: "admin" });
