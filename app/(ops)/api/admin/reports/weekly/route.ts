import { getWeeklyReport } from "@/lib/admin/weekly-report";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { weeklyReportQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/reports/weekly", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const query = readQuery(request, weeklyReportQuerySchema);
    return json(await getWeeklyReport(user, query));
  },
}, { meter: "admin" });
