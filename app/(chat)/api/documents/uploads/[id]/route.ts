import { grantOfUploadUrl, storeSignedUpload } from "@/lib/documents/uploads";
import { readBytes, readParams, readQuery } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { documentParamsSchema, uploadTokenQuerySchema } from "../../schema";

// The local mode's signed upload URL: the token in its query is the only credential, as a
// Supabase Storage signed URL's is; the bytes are checked by POST /api/documents/:id/uploaded.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/uploads/[id]", {
  PUT: async (request, { params }) => {
    const { id } = readParams(params, documentParamsSchema);
    const { token } = readQuery(request, uploadTokenQuerySchema);
    const grant = await grantOfUploadUrl(id, token);
    await storeSignedUpload(grant, await readBytes(request, { limitBytes: grant.bytes }));
    return noContent();
  },
});
