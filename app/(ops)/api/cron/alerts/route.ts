import { runAlerts } from "@/lib/alerts/run-alerts";
import { assertCronCaller } from "@/lib/http/cron-access";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";

// Vercel Cron calls this every minute (vercel.json) with `Authorization: Bearer $CRON_SECRET`.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/cron/alerts", {
  GET: async (request) => {
    assertCronCaller(request);
    const { fired, failed } = await runAlerts();
    return json({ fired, failed });
  },
});
