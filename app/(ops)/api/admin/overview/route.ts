import { getAdminOverview } from "@/lib/admin/overview";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { adminOverviewQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/overview", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const query = readQuery(request, adminOverviewQuerySchema);
    return json(await getAdminOverview(user, query));
  },
}, { meter: "admin" });
