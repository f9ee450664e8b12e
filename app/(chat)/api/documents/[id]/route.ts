import { getCurrentUser } from "@/lib/auth/current-user";
import { deleteDocument, getDocument } from "@/lib/documents/documents";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json, noContent } from "@/lib/http/responses";
import { documentParamsSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/[id]", {
  GET: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, documentParamsSchema);
    return json({ document: await getDocument(user, id) });
  },
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, documentParamsSchema);
    await deleteDocument(user, id);
    return noContent();
  },
}, { meter: "documents" });
