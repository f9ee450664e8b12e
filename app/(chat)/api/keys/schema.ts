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
