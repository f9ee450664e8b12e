import { getWeeklyReport, weeklyReportCsv } from "@/lib/admin/weekly-report";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { weeklyReportQuerySchema } from "../weekly/schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/reports/weekly.csv", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const report = await getWeeklyReport(user, readQuery(request, weeklyReportQuerySchema));
    return new Response(weeklyReportCsv(report), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="weekly-report-${report.week.id}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
}, { meter: "admin" });
