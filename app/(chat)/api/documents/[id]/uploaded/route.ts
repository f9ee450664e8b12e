import { getCurrentUser } from "@/lib/auth/current-user";
import { indexAfterAnswering } from "@/lib/documents/index-documents";
import { finishUpload } from "@/lib/documents/uploads";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { documentParamsSchema } from "../../schema";

// Long enough to check a large file and for the indexing that starts once it is answered.
export const maxDuration = 60;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/[id]/uploaded", {
  POST: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, documentParamsSchema);
    const document = await finishUpload(user, id);
    indexAfterAnswering();
    return json({ document });
  },
}, { meter: "documents" });
