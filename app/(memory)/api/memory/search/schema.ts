import { z } from "zod";
import { memorySources } from "@/lib/memory/types";

export const memorySearchSchema = z.strictObject({
  query: z
    .string()
    .max(2000, "must be at most 2000 characters")
    .refine((text) => text.trim().length > 0, "must not be empty"),
  limit: z.number().int().min(1).max(50).default(10),
  sources: z
    .array(z.enum(memorySources))
    .min(1)
    .max(memorySources.length)
    .refine((sources) => new Set(sources).size === sources.length, "must not repeat a source")
    .default([...memorySources]),
});

/** The answers' shapes (lib/db/types.ts, lib/memory/types.ts), for the API's OpenAPI document. */
const foundMessageFields = {
  messageId: z.uuid(),
  chatId: z.uuid(),
  chatTitle: z.string(),
  snippet: z.string(),
  similarity: z.number(),
  createdAt: z.iso.datetime(),
};
/** A past message a reply was given; replies stored before documents joined memory carry no `source`. */
export const usedMessageSchema = z.strictObject({ source: z.literal("message").optional(), ...foundMessageFields });
export const usedPassageSchema = z.strictObject({
  source: z.literal("document"),
  documentId: z.uuid(),
  documentName: z.string(),
  passage: z.number().int().min(0),
  page: z.number().int().min(1).nullable(),
  section: z.string().nullable(),
  snippet: z.string(),
  similarity: z.number(),
  createdAt: z.iso.datetime(),
});
export const usedMemorySchema = z.union([usedMessageSchema, usedPassageSchema]);
export const memorySearchAnswerSchema = z.strictObject({
  results: z.array(
    z.union([z.strictObject({ source: z.literal("message"), role: z.enum(["user", "assistant"]), ...foundMessageFields }), usedPassageSchema]),
  ),
});
