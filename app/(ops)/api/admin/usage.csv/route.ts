import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { exportBillingCsv } from "@/lib/usage/get-usage";
import { billingExportQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/usage.csv", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const query = readQuery(request, billingExportQuerySchema);
    const csv = await exportBillingCsv(user, query);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="usage.csv"',
        "cache-control": "no-store",
      },
    });
  },
}, { meter: "admin" });
