import { exportFeedbackCsv } from "@/lib/admin/feedback-inbox";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { feedbackFilterSchema } from "../feedback/schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/feedback.csv", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const filter = readQuery(request, feedbackFilterSchema);
    const csv = await exportFeedbackCsv(user, filter);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="feedback.csv"',
        "cache-control": "no-store",
      },
    });
  },
}, { meter: "admin" });
