import { listAudit } from "@/lib/admin/audit";
import { requireAdmin } from "@/lib/admin/require-admin";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { auditQuerySchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/admin/audit", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    requireAdmin(user, "audit log");
    return json(await listAudit(user, readQuery(request, auditQuerySchema)));
  },
}, { meter: "admin" });
