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
