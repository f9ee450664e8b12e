import { z } from "zod";

export const documentParamsSchema = z.object({ id: z.uuid() });

/** The form's fields besides the file; a "this chat only" document names its chat, and only such a one. */
export const uploadFieldsSchema = z
  .strictObject({
    scope: z.enum(["memory", "chat"]).default("memory"),
    chatId: z.uuid().optional(),
  })
  .refine((fields) => (fields.scope === "chat") === (fields.chatId !== undefined), {
    message: "a document for one chat (scope chat) needs chatId, and one in memory takes none",
    path: ["chatId"],
  });
