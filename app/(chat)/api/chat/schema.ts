import { z } from "zod";

const modelId = z.string().min(1).max(100);

export const sendMessageSchema = z.union([
  z.strictObject({
    chatId: z.uuid().optional(),
    message: z
      .string()
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
