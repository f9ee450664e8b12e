import { z } from "zod";
import { messageMaxLength } from "@/lib/chat/types";
import { storableText } from "@/lib/http/storable-text";

const modelId = z.string().min(1).max(100);

export const sendMessageSchema = z.union([
  z
    .strictObject({
      chatId: z.uuid().optional(),
      message: storableText()
        .max(messageMaxLength, `must be at most ${messageMaxLength} characters`)
        .refine((text) => text.trim().length > 0, "must not be empty"),
      model: modelId.optional(),
      temporary: z.boolean().optional(),
    })
    .refine((input) => !(input.chatId && input.temporary !== undefined), {
      path: ["temporary"],
      message: "only a new chat (no chatId) can be made temporary",
    }),
  z.strictObject({
    chatId: z.uuid(),
    retryOf: z.uuid(),
    model: modelId.optional(),
  }),
]);
