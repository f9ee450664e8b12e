import { z } from "zod";

export const documentParamsSchema = z.object({ id: z.uuid() });

/** The form's fields besides the file; a "this chat only" document names its chat. */
export const uploadFieldsSchema = z
  .strictObject({
    scope: z.enum(["memory", "chat"]).default("memory"),
    chatId: z.uuid().optional(),
  })
  .refine((fields) => fields.scope === "memory" || fields.chatId !== undefined, { message: "chatId: a document for one chat needs the chat", path: ["chatId"] });
