import { postWeeklyReport } from "@/lib/admin/weekly-report";
import { assertCronCaller } from "@/lib/http/cron-access";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";

// Vercel Cron calls this on Mondays (vercel.json) with `Authorization: Bearer $CRON_SECRET`.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/cron/weekly-report", {
  GET: async (request) => {
    assertCronCaller(request);
    return json(await postWeeklyReport());
  },
});
