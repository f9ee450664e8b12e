import { z } from "zod";
import type { SendMessageInput } from "@/lib/chat/send-message";
import { messageMaxLength } from "@/lib/chat/types";
import { storableText } from "@/lib/http/storable-text";

const modelId = z.string().min(1).max(100);
/** As many as `messages.attachments` holds (its check constraint). */
const maxAttachments = 10;

/**
 * A new message (in a new chat, or appended to the chat's current branch), a new version of a
 * message (`editOf`, with the new text), or a new reply to the question of a reply (`retryOf`,
 * without text). Each wrong combination is named, so a client learns which field to change.
 */
export const sendMessageSchema = z
  .strictObject({
    chatId: z.uuid().optional(),
    message: storableText()
      .max(messageMaxLength, `must be at most ${messageMaxLength} characters`)
      .refine((text) => text.trim().length > 0, "must not be empty")
      .optional(),
    model: modelId.optional(),
    temporary: z.boolean().optional(),
    editOf: z.uuid().optional(),
    retryOf: z.uuid().optional(),
    documentIds: z
      .array(z.uuid())
      .min(1)
      .max(maxAttachments, `at most ${maxAttachments} documents a message`)
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, "each document once")
      .optional(),
  })
  .superRefine((input, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (input.editOf && input.retryOf) problem("retryOf", "editOf and retryOf cannot go together");
    if (input.retryOf && input.message !== undefined) problem("message", "a retry regenerates a reply: send no message with retryOf");
    if (!input.retryOf && input.message === undefined) problem("message", input.editOf ? "editOf needs the new text in message" : "required");
    if ((input.editOf || input.retryOf) && !input.chatId) problem("chatId", `required with ${input.editOf ? "editOf" : "retryOf"}`);
    if (input.chatId && input.temporary !== undefined) problem("temporary", "only a new chat (no chatId) can be made temporary");
    if (input.retryOf && input.documentIds) problem("documentIds", "a retry is given the documents of the question it answers again: send none with retryOf");
  })
  .transform(({ chatId, message, model, temporary, editOf, retryOf, documentIds }): SendMessageInput => {
    // Ids are compared as the database stores them.
    const attached = documentIds?.map((id) => id.toLowerCase());
    if (retryOf) return { chatId: chatId!, retryOf, model };
    if (editOf) return { chatId: chatId!, message: message!, editOf, model, documentIds: attached };
    return { chatId, message: message!, model, temporary, documentIds: attached };
  });
