import { requireAdmin } from "@/lib/admin/require-admin";
import { listUsers } from "@/lib/admin/users";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import type { AdminUserSort } from "@/lib/db/queries/admin-users";
import { adminUsersQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/users", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "user list");
    const { sort, ...query } = readQuery(request, adminUsersQuerySchema);
    const descending = sort.startsWith("-");
    return json(await listUsers(user, { ...query, sort: (descending ? sort.slice(1) : sort) as AdminUserSort, descending }));
  },
}, { meter: "admin" });
