import { z } from "zod";

export const memorySearchSchema = z.strictObject({
  query: z
    .string()
    .max(2000, "must be at most 2000 characters")
    .refine((text) => text.trim().length > 0, "must not be empty"),
  limit: z.number().int().min(1).max(50).default(10),
});
