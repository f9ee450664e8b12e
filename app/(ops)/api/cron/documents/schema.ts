import { z } from "zod";

/** The answer's shape (lib/documents/index-documents.ts), for the API's OpenAPI document. */
export const documentIndexingRunSchema = z.strictObject({ indexed: z.number().int().nonnegative(), failed: z.number().int().nonnegative() });
