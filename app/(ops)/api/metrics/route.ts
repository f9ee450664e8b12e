import { routeHandlers } from "@/lib/http/handler";
import { metrics } from "@/lib/monitoring/metrics";
import { assertCanScrape } from "@/lib/monitoring/scrape-access";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/metrics", {
  GET: async (request) => {
    assertCanScrape(request);
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { "content-type": registry.contentType, "cache-control": "no-store" },
    });
  },
});
