import { getCurrentUser } from "@/lib/auth/current-user";
import { routeHandlers } from "@/lib/http/handler";
import { siteOriginOf } from "@/lib/http/site-origin";
import { json } from "@/lib/http/responses";
import { listShares } from "@/lib/share/shares";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/shares", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    return json({ shares: await listShares(user, { origin: siteOriginOf(request) }) });
  },
}, { meter: "shares" });
