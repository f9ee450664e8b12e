import { getCurrentUser } from "@/lib/auth/current-user";
import { openReplyStream } from "@/lib/chat/open-reply-stream";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { sseHeaders } from "@/lib/http/sse";
import { chatParamsSchema } from "../../schema";

// A stream following another instance's writer ends on its own before this (lib/chat/reply-streams.ts).
export const maxDuration = 300;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats/[id]/stream", {
  GET: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, chatParamsSchema);
    const stream = await openReplyStream(user, id);
    return stream ? new Response(stream, { headers: sseHeaders }) : noContent();
  },
}, { meter: "chats" });
