import { getCurrentUser } from "@/lib/auth/current-user";
import { routeHandlers } from "@/lib/http/handler";
import { sseHeaders } from "@/lib/http/sse";
import { openChangeStream } from "@/lib/realtime/change-stream";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/events", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    return new Response(await openChangeStream(user, request.signal), { headers: sseHeaders });
  },
}, { meter: "events" });
