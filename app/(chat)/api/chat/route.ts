import { getChatProvider } from "@/lib/ai/provider";
import { getCurrentUser } from "@/lib/auth/current-user";
import { beginTurn } from "@/lib/chat/begin-turn";
import { streamReply } from "@/lib/chat/stream-reply";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { sseHeaders } from "@/lib/http/sse";
import { sendMessageSchema } from "./schema";

export const maxDuration = 300;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chat", {
  POST: async (request, { requestId }) => {
    const user = await getCurrentUser(request);
    const input = await readJson(request, sendMessageSchema);
    const { turn, settle } = await beginTurn(user, input);
    const body = streamReply({ user, turn, provider: getChatProvider(), requestId, clientSignal: request.signal, onSettle: settle });
    return new Response(body, { headers: sseHeaders });
  },
}, { meter: "chat" });
