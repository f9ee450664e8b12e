import { requireAdmin } from "@/lib/admin/require-admin";
import { getUserDetail, updateUser } from "@/lib/admin/users";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson, readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { adminUserParamsSchema, updateAdminUserSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/users/[id]", {
  GET: async (request, { params }) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "user detail");
    const { id } = readParams(params, adminUserParamsSchema);
    return json(await getUserDetail(user, id));
  },
  PATCH: async (request, { params }) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "user change");
    const { id } = readParams(params, adminUserParamsSchema);
    const change = await readJson(request, updateAdminUserSchema);
    return json(await updateUser(user, id, change));
  },
}, { meter: "admin" });
