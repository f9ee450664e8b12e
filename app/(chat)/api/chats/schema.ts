import { z } from "zod";
import { storableText } from "@/lib/http/storable-text";

export const listChatsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().min(1).max(200).optional(),
});

const title = storableText()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");

export const createChatSchema = z.strictObject({ title: title.optional() });

export const renameChatSchema = z.strictObject({ title });

export const chatParamsSchema = z.object({ id: z.uuid() });

/** Routes that take no body still refuse unknown fields (API.md: unknown fields on writes are 400). */
export const emptyBodySchema = z.strictObject({});
