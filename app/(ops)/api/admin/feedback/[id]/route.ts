import { reviewFeedback } from "@/lib/admin/feedback-inbox";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { feedbackParamsSchema, reviewFeedbackSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/feedback/[id]", {
  PATCH: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, feedbackParamsSchema);
    const { reviewed } = await readJson(request, reviewFeedbackSchema);
    return json(await reviewFeedback(user, id, reviewed));
  },
}, { meter: "admin" });
