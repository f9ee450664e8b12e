import { z } from "zod";
import { usedMemorySchema } from "@/app/(memory)/api/memory/search/schema";
import { chatPageLimits } from "@/lib/chat/types";
import { votes } from "@/lib/feedback/types";
import { storableText } from "@/lib/http/storable-text";

export const listChatsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().min(1).max(200).optional(),
  // An empty filter box lists everything.
  q: storableText().trim().max(200, "must be at most 200 characters").optional().transform((text) => text || undefined),
  archived: z.enum(["true", "false"]).optional().transform((flag) => flag === "true"),
});

const title = storableText()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");

export const createChatSchema = z.strictObject({ title: title.optional(), temporary: z.boolean().optional() });

export const updateChatSchema = z
  .strictObject({
    title: title.optional(),
    pinned: z.boolean().optional(),
    archived: z.boolean().optional(),
    inMemory: z.boolean().optional(),
    activeMessageId: z.uuid().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, "name at least one of title, pinned, archived, inMemory, activeMessageId");

export const chatParamsSchema = z.object({ id: z.uuid() });

/** A page of the chat's current branch, counted from its end (other keys are ignored, as on every read). */
export const chatPageQuerySchema = z.object({
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(chatPageLimits.max).default(chatPageLimits.default),
});

export const chatMessageParamsSchema = z.object({ id: z.uuid(), messageId: z.uuid() });

/** Routes that take no body still refuse unknown fields (API.md: unknown fields on writes are 400). */
export const emptyBodySchema = z.strictObject({});

// The answers' shapes (lib/chat/types.ts), for the API's OpenAPI document.

export const chatSchema = z.strictObject({
  id: z.uuid(),
  title: z.string(),
  temporary: z.boolean(),
  inMemory: z.boolean(),
  pinned: z.boolean(),
  archived: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const chatAnswerSchema = z.strictObject({ chat: chatSchema });
export const chatListSchema = z.strictObject({ chats: z.array(chatSchema), nextCursor: z.string().nullable() });

export const usageFiguresSchema = z.strictObject({ inputTokens: z.number().int(), outputTokens: z.number().int(), costUsd: z.number() });
export const chatMessageSchema = z.strictObject({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  siblingIds: z.array(z.uuid()),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  model: z.string().nullable(),
  status: z.enum(["streaming", "complete", "stopped", "error"]),
  createdAt: z.iso.datetime(),
  usage: usageFiguresSchema.optional(),
  errorCode: z.string().optional(),
  vote: z.enum(votes).optional(),
  memories: z.array(usedMemorySchema).optional(),
  attachments: z.array(z.strictObject({ documentId: z.uuid(), name: z.string() })).optional(),
});
export const chatWithMessagesSchema = z.strictObject({ chat: chatSchema, messages: z.array(chatMessageSchema), nextBefore: z.uuid().nullable() });
