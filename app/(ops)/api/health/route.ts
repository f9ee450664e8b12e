import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { checkHealth } from "@/lib/monitoring/health";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/health", {
  GET: async () => {
    const report = await checkHealth();
    return json(report, { status: report.status === "unhealthy" ? 503 : 200 });
  },
});
