import { getCurrentUser } from "@/lib/auth/current-user";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { revokePersonalApiKey } from "@/lib/keys/api-keys";
import { apiKeyParamsSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/keys/[id]", {
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, apiKeyParamsSchema);
    await revokePersonalApiKey(user, id);
    return noContent();
  },
}, { meter: "keys", apiKeys: "refused" });
