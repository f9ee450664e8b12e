import { deletePlan, editPlan } from "@/lib/admin/plans";
import { requireAdmin } from "@/lib/admin/require-admin";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json, noContent } from "@/lib/http/responses";
import { planParamsSchema, updatePlanSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/plans/[id]", {
  PATCH: async (request, { params }) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "plan edit");
    const { id } = readParams(params, planParamsSchema);
    const change = await readJson(request, updatePlanSchema);
    return json({ plan: await editPlan(user, id, change) });
  },
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "plan delete");
    const { id } = readParams(params, planParamsSchema);
    await deletePlan(user, id);
    return noContent();
  },
}, { meter: "admin" });
