import { createPlan, listPlans } from "@/lib/admin/plans";
import { requireAdmin } from "@/lib/admin/require-admin";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { createPlanSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/plans", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "plan list");
    return json({ plans: await listPlans(user) });
  },
  POST: async (request) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "plan create");
    const input = await readJson(request, createPlanSchema);
    return json({ plan: await createPlan(user, input) }, { status: 201 });
  },
}, { meter: "admin" });
