import { getCurrentUser } from "@/lib/auth/current-user";
import { isSessionStillValid } from "@/lib/auth/session-check";
import { routeHandlers } from "@/lib/http/handler";
import { sseHeaders } from "@/lib/http/sse";
import { openChangeStream } from "@/lib/realtime/change-stream";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/events", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const stream = await openChangeStream(user, request.signal, { isSessionValid: () => isSessionStillValid(request, user) });
    return new Response(stream, { headers: sseHeaders });
  },
}, { meter: "events" });
