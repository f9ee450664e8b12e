import { z } from "zod";
import { apiKeyNameLimit } from "@/lib/keys/types";
import { storableText } from "@/lib/http/storable-text";

export const createApiKeySchema = z.strictObject({
  name: storableText()
    .trim()
    .min(1, "must not be empty")
    .max(apiKeyNameLimit, `must be at most ${apiKeyNameLimit} characters`),
  // The future check is the domain's (lib/keys/api-keys.ts): "now" is not the schema's to know.
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const apiKeyParamsSchema = z.object({ id: z.uuid() });

/** The answers' shapes (lib/keys/types.ts), for the API's OpenAPI document. */
export const apiKeySchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().regex(/^mnk_[A-Za-z0-9_-]{8}$/),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const apiKeyListSchema = z.strictObject({ keys: z.array(apiKeySchema) });
export const createdApiKeySchema = z.strictObject({ key: apiKeySchema, secret: z.string().regex(/^mnk_[A-Za-z0-9_-]{75}$/) });
