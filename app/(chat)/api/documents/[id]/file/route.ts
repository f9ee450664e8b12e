import { getCurrentUser } from "@/lib/auth/current-user";
import { getDocumentFile } from "@/lib/documents/documents";
import { attachmentHeaders } from "@/lib/documents/file-response";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { documentParamsSchema } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/[id]/file", {
  GET: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, documentParamsSchema);
    const { document, bytes } = await getDocumentFile(user, id);
    return new Response(new Uint8Array(bytes), { status: 200, headers: attachmentHeaders(document) });
  },
}, { meter: "documents" });
