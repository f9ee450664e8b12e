import { assertCronCaller } from "@/lib/http/cron-access";
import { runMaintenance } from "@/lib/jobs/maintenance";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";

// Vercel Cron calls this every few minutes (vercel.json) with `Authorization: Bearer $CRON_SECRET`.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/cron/maintenance", {
  GET: async (request) => {
    assertCronCaller(request);
    return json(await runMaintenance());
  },
});
