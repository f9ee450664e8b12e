import { getCurrentUser } from "@/lib/auth/current-user";
import { deleteMessage } from "@/lib/chat/chats";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { chatMessageParamsSchema } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats/[id]/messages/[messageId]", {
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id, messageId } = readParams(params, chatMessageParamsSchema);
    await deleteMessage(user, { chatId: id, messageId });
    return noContent();
  },
}, { meter: "chats" });
