import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { getUsage } from "@/lib/usage/get-usage";
import { usageQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/usage", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const query = readQuery(request, usageQuerySchema);
    return json(await getUsage(user, query));
  },
}, { meter: "usage" });
