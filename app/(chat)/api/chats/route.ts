import { getCurrentUser } from "@/lib/auth/current-user";
import { listChats, startChat } from "@/lib/chat/chats";
import { readJson, readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { createChatSchema, listChatsQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const query = readQuery(request, listChatsQuerySchema);
    return json(await listChats(user, query));
  },
  POST: async (request) => {
    const user = await getCurrentUser(request);
    const input = await readJson(request, createChatSchema);
    return json({ chat: await startChat(user, input) }, { status: 201 });
  },
}, { meter: "chats" });
