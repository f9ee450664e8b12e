import { z } from "zod";

/** The answer's shape (lib/chat/types.ts), for the API's OpenAPI document. */
export const modelListSchema = z.strictObject({
  models: z.array(z.strictObject({ id: z.string(), label: z.string(), inputPerMTok: z.number().min(0), outputPerMTok: z.number().min(0) })),
  default: z.string(),
});
