import { getOptionalUser } from "@/lib/auth/current-user";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/auth/session", {
  GET: async (request) => json({ user: await getOptionalUser(request) }),
});
