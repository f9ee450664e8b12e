import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { acknowledgeAlertSchema, alertParamsSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/alerts/[id]", {
  PATCH: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, alertParamsSchema);
    await readJson(request, acknowledgeAlertSchema);
    return json(await acknowledgeAlert(user, id));
  },
}, { meter: "admin" });
