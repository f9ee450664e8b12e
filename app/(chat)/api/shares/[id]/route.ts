import { getCurrentUser } from "@/lib/auth/current-user";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { revokeShare } from "@/lib/share/shares";
import { shareParamsSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/shares/[id]", {
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, shareParamsSchema);
    await revokeShare(user, id);
    return noContent();
  },
}, { meter: "shares" });
