import { z } from "zod";
import { chatMessageSchema, chatSchema } from "@/app/(chat)/api/chats/schema";
import { documentInfoSchema } from "@/app/(chat)/api/documents/schema";
import { apiKeySchema } from "@/app/(chat)/api/keys/schema";
import { userSettingsSchema } from "@/app/(chat)/api/settings/schema";
import { shareListItemSchema } from "@/app/(chat)/api/shares/schema";
import { votes } from "@/lib/feedback/types";

/** The export's shape (lib/account/types.ts), for the API's OpenAPI document. */
export const accountExportSchema = z.strictObject({
  format: z.literal("mneme-account-export"),
  version: z.literal(2),
  exportedAt: z.iso.datetime(),
  privacy: z.string(),
  profile: z.strictObject({ id: z.uuid(), email: z.email(), displayName: z.string().nullable(), createdAt: z.iso.datetime() }),
  settings: userSettingsSchema,
  chats: z.array(chatSchema.extend({ messages: z.array(chatMessageSchema.omit({ usage: true })) })),
  feedback: z.array(
    z.strictObject({
      id: z.uuid(),
      kind: z.enum(["rating", "vote"]),
      rating: z.number().int().nullable(),
      page: z.string().nullable(),
      messageId: z.uuid().nullable(),
      vote: z.enum(votes).nullable(),
      comment: z.string().nullable(),
      userAgent: z.string().nullable(),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
    }),
  ),
  shares: z.array(shareListItemSchema),
  documents: z.array(documentInfoSchema.extend({ fileUrl: z.url() })),
  apiKeys: z.array(apiKeySchema),
  memories: z.array(z.strictObject({ messageId: z.uuid(), model: z.string(), createdAt: z.iso.datetime() })),
});
