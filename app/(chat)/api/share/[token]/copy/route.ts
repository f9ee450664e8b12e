import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { copySharedChat } from "@/lib/share/shared-snapshot";
import { emptyBodySchema } from "../../../chats/schema";
import { shareTokenParamsSchema } from "../../../shares/schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/share/[token]/copy", {
  POST: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { token } = readParams(params, shareTokenParamsSchema);
    await readJson(request, emptyBodySchema);
    return json({ chat: await copySharedChat(user, token) }, { status: 201 });
  },
}, { meter: "shares" });
