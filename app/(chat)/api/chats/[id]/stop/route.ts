import { getCurrentUser } from "@/lib/auth/current-user";
import { stopReply } from "@/lib/chat/stop-reply";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { chatParamsSchema, emptyBodySchema } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats/[id]/stop", {
  POST: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, chatParamsSchema);
    await readJson(request, emptyBodySchema);
    await stopReply(user, id);
    return noContent();
  },
}, { meter: "chats" });
