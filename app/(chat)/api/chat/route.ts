import { after } from "next/server";
import { getChatProvider } from "@/lib/ai/provider";
import { getCurrentUser } from "@/lib/auth/current-user";
import { beginTurn } from "@/lib/chat/begin-turn";
import { liveReplyStream } from "@/lib/chat/reply-streams";
import { startReply } from "@/lib/chat/stream-reply";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { sseHeaders } from "@/lib/http/sse";
import { sendMessageSchema } from "./schema";

// The reply is written on after its client leaves, within this (DEPLOY.md: CHAT_STREAM_DEADLINE_MS stays under it).
export const maxDuration = 300;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chat", {
  POST: async (request, { requestId }) => {
    const user = await getCurrentUser(request);
    const input = await readJson(request, sendMessageSchema);
    const { turn } = await beginTurn(user, input);
    const { live, finished } = startReply({ user, turn, provider: getChatProvider(), requestId });
    // On Vercel the function would be frozen once the response closes; this keeps it to the reply's end.
    after(finished);
    const meta = { chatId: turn.chatId, userMessageId: turn.userMessageId, assistantMessageId: turn.assistantMessageId, model: turn.model.id, memories: turn.memories };
    return new Response(liveReplyStream(live, "meta", meta), { headers: sseHeaders });
  },
}, { meter: "chat" });
