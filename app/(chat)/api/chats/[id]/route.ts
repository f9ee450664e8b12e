import { getCurrentUser } from "@/lib/auth/current-user";
import { deleteChat, getChatWithMessages, updateChat } from "@/lib/chat/chats";
import { readJson, readParams, readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json, noContent } from "@/lib/http/responses";
import { chatPageQuerySchema, chatParamsSchema, updateChatSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats/[id]", {
  GET: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, chatParamsSchema);
    const page = readQuery(request, chatPageQuerySchema);
    return json(await getChatWithMessages(user, id, page));
  },
  PATCH: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, chatParamsSchema);
    const update = await readJson(request, updateChatSchema);
    return json({ chat: await updateChat(user, id, update) });
  },
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, chatParamsSchema);
    await deleteChat(user, id);
    return noContent();
  },
}, { meter: "chats" });
