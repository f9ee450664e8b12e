import { getCurrentUser } from "@/lib/auth/current-user";
import { startUpload } from "@/lib/documents/uploads";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { siteOriginOf } from "@/lib/http/site-origin";
import { startUploadSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/uploads", {
  POST: async (request) => {
    const user = await getCurrentUser(request);
    const { name, bytes, scope, chatId } = await readJson(request, startUploadSchema);
    return json(await startUpload(user, { name, bytes, scope, chatId: chatId ?? null }, siteOriginOf(request)), { status: 201 });
  },
}, { meter: "documents" });
