import { z } from "zod";

export const documentParamsSchema = z.object({ id: z.uuid() });

const placeOfDocument = <Fields extends { scope: "memory" | "chat"; chatId?: string }>(fields: Fields) => (fields.scope === "chat") === (fields.chatId !== undefined);
const placeMessage = { message: "a document for one chat (scope chat) needs chatId, and one in memory takes none", path: ["chatId"] };

/** The form's fields besides the file; a "this chat only" document names its chat, and only such a one. */
export const uploadFieldsSchema = z
  .strictObject({
    scope: z.enum(["memory", "chat"]).default("memory"),
    chatId: z.uuid().optional(),
  })
  .refine(placeOfDocument, placeMessage);

/**
 * A file declared for a signed upload (POST /api/documents/uploads). `mimeType` is what the
 * browser says and is not believed: the stored bytes tell what the file is.
 */
export const startUploadSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(1000),
    bytes: z.number().int().min(1),
    mimeType: z.string().max(255),
    scope: z.enum(["memory", "chat"]).default("memory"),
    chatId: z.uuid().optional(),
  })
  .refine(placeOfDocument, placeMessage);

/** The local mode's signed upload URL (PUT /api/documents/uploads/:id): the token it was issued with. */
export const uploadTokenQuerySchema = z.strictObject({ token: z.string().min(1).max(2000) });

// The answers' shapes (lib/documents/types.ts), for the API's OpenAPI document.

export const documentInfoSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  mimeType: z.string(),
  bytes: z.number().int().min(0),
  pages: z.number().int().min(1).nullable(),
  status: z.enum(["queued", "indexing", "ready", "error"]),
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  scope: z.enum(["memory", "chat"]),
  chatId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  uploadedAt: z.iso.datetime().nullable(),
});
export const documentAnswerSchema = z.strictObject({ document: documentInfoSchema });
const count = z.number().int().min(0);
export const documentListSchema = z.strictObject({
  documents: z.array(documentInfoSchema),
  limits: z.strictObject({ fileBytes: count, pages: count, docxUnpackedBytes: count, totalBytes: count, documents: count }),
  used: z.strictObject({ bytes: count, documents: count }),
});
export const documentPassagesSchema = z.strictObject({
  document: documentInfoSchema,
  passages: z.array(z.strictObject({ passage: count, page: z.number().int().min(1).nullable(), section: z.string().nullable(), content: z.string() })),
});
export const startedUploadSchema = z.strictObject({
  document: documentInfoSchema,
  upload: z.strictObject({ url: z.url(), method: z.literal("PUT"), headers: z.record(z.string(), z.string()) }),
});
