import { listFeedbackInbox } from "@/lib/admin/feedback-inbox";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { feedbackInboxQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/feedback", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const query = readQuery(request, feedbackInboxQuerySchema);
    return json(await listFeedbackInbox(user, query));
  },
}, { meter: "admin" });
