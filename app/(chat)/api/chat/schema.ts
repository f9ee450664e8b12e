import { z } from "zod";
import { storableText } from "@/lib/http/storable-text";

const modelId = z.string().min(1).max(100);

export const sendMessageSchema = z.union([
  z.strictObject({
    chatId: z.uuid().optional(),
    message: storableText()
      .max(8000, "must be at most 8000 characters")
      .refine((text) => text.trim().length > 0, "must not be empty"),
    model: modelId.optional(),
  }),
  z.strictObject({
    chatId: z.uuid(),
    retryOf: z.uuid(),
    model: modelId.optional(),
  }),
]);
