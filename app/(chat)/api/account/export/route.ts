import { exportAccount } from "@/lib/account/export-account";
import { getCurrentUser } from "@/lib/auth/current-user";
import { routeHandlers } from "@/lib/http/handler";
import { siteOriginOf } from "@/lib/http/site-origin";
import { json } from "@/lib/http/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/account/export", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    const data = await exportAccount(user, { origin: siteOriginOf(request) });
    const filename = `mneme-export-${data.exportedAt.slice(0, 10)}.json`;
    return json(data, { headers: { "content-disposition": `attachment; filename="${filename}"` } });
  },
}, { meter: "account" });
