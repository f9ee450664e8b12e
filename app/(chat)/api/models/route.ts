import { getCurrentUser } from "@/lib/auth/current-user";
import { defaultModelId, listModels } from "@/lib/ai/models";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/models", {
  GET: async (request) => {
    await getCurrentUser(request);
    return json({ models: listModels(), default: defaultModelId() });
  },
}, { meter: "models" });
