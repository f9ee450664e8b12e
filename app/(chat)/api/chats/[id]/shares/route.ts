import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { siteOriginOf } from "@/lib/http/site-origin";
import { json } from "@/lib/http/responses";
import { shareChat } from "@/lib/share/shares";
import { chatParamsSchema, emptyBodySchema } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats/[id]/shares", {
  POST: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, chatParamsSchema);
    await readJson(request, emptyBodySchema);
    return json({ share: await shareChat(user, id, { origin: siteOriginOf(request) }) }, { status: 201 });
  },
}, { meter: "shares" });
