import { readJson } from "@/lib/http/body";
import { clientAddressOf } from "@/lib/http/client-address";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { recordWebVital } from "@/lib/monitoring/record-web-vital";
import { webVitalSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/vitals", {
  POST: async (request) => {
    // navigator.sendBeacon cannot set a JSON content type: this route also takes text/plain JSON.
    const report = await readJson(request, webVitalSchema, { limitBytes: 2048, allowTextPlain: true });
    await recordWebVital(report, { clientAddress: clientAddressOf(request) });
    return noContent();
  },
});
