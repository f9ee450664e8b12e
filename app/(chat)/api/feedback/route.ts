import { getCurrentUser } from "@/lib/auth/current-user";
import { sendFeedback } from "@/lib/feedback/send-feedback";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { createFeedbackSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/feedback", {
  POST: async (request) => {
    const user = await getCurrentUser(request);
    const input = await readJson(request, createFeedbackSchema);
    const saved = await sendFeedback(user, input, { userAgent: request.headers.get("user-agent") });
    return json(saved, { status: 201 });
  },
}, { meter: "feedback" });
