import { getCurrentUser } from "@/lib/auth/current-user";
import { getDocumentPassages } from "@/lib/documents/documents";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { documentParamsSchema } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/[id]/passages", {
  GET: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, documentParamsSchema);
    return json(await getDocumentPassages(user, id));
  },
}, { meter: "documents" });
