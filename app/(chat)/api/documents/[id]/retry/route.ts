import { getCurrentUser } from "@/lib/auth/current-user";
import { retryDocument } from "@/lib/documents/documents";
import { indexAfterAnswering } from "@/lib/documents/index-documents";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { documentParamsSchema } from "../../schema";

// Long enough for the indexing that starts once the retry is answered.
export const maxDuration = 60;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents/[id]/retry", {
  POST: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { id } = readParams(params, documentParamsSchema);
    const document = await retryDocument(user, id);
    indexAfterAnswering();
    return json({ document });
  },
}, { meter: "documents" });
