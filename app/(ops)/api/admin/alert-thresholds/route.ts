import { listAlertThresholdSettings, updateAlertThresholds } from "@/lib/alerts/thresholds";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { updateAlertThresholdsSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/alert-thresholds", {
  GET: async (request) => json(await listAlertThresholdSettings(await getCurrentUser(request))),
  PATCH: async (request) => {
    const user = await getCurrentUser(request);
    const update = await readJson(request, updateAlertThresholdsSchema);
    return json(await updateAlertThresholds(user, update));
  },
}, { meter: "admin" });
