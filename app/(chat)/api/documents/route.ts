import { getCurrentUser } from "@/lib/auth/current-user";
import { listDocuments, tooLargeForRequestBody, uploadDocument } from "@/lib/documents/documents";
import { directUploadMaxBytes } from "@/lib/documents/types";
import { indexAfterAnswering } from "@/lib/documents/index-documents";
import { describeIssues, readMultipart } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { userError } from "@/lib/errors";
import { uploadFieldsSchema } from "./schema";

// Long enough for the indexing that starts once the upload is answered (lib/documents/index-documents.ts).
export const maxDuration = 60;

// The form around the file: its field names, the file name and a few short fields.
const formOverheadBytes = 16 * 1024;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/documents", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    return json(await listDocuments(user));
  },
  POST: async (request) => {
    const user = await getCurrentUser(request);
    const limitBytes = directUploadMaxBytes + formOverheadBytes;
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > limitBytes) throw tooLargeForRequestBody(declared);
    const form = await readMultipart(request, { limitBytes });
    const file = form.get("file");
    if (!(file instanceof File)) throw userError("invalid_input", "file: attach the file as the form field `file`");
    const fields: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) if (key !== "file") fields[key] = value;
    const parsed = uploadFieldsSchema.safeParse(fields);
    if (!parsed.success) throw userError("invalid_input", describeIssues(parsed.error));
    const document = await uploadDocument(user, { file, scope: parsed.data.scope, chatId: parsed.data.chatId ?? null });
    indexAfterAnswering();
    return json({ document }, { status: 201 });
  },
}, { meter: "documents" });
