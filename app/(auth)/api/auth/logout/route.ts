import { getCurrentUser } from "@/lib/auth/current-user";
import { signedOutResponse } from "@/lib/auth/session-response";
import { routeHandlers } from "@/lib/http/handler";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/auth/logout", {
  POST: async (request) => {
    await getCurrentUser(request);
    return signedOutResponse(request);
  },
  // A key is not a session: it ends by being revoked in /settings, not by signing out.
}, { apiKeys: "refused" });
