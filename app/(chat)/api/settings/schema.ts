import { z } from "zod";
import { storableText } from "@/lib/http/storable-text";
import { systemPromptMaxLength, temperatureRange, themes } from "@/lib/settings/types";

export const updateSettingsSchema = z.strictObject({
  theme: z.enum(themes).optional(),
  defaultModel: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  systemPrompt: storableText()
    .trim()
    .max(systemPromptMaxLength, `must be at most ${systemPromptMaxLength} characters`)
    .optional(),
  memoryEnabled: z.boolean().optional(),
  temperature: z.number().min(temperatureRange.min).max(temperatureRange.max).optional(),
});

export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;

/** The answer's shape (lib/settings/types.ts), for the API's OpenAPI document. */
export const userSettingsSchema = z.strictObject({
  theme: z.enum(themes),
  defaultModel: z.string(),
  systemPrompt: z.string(),
  memoryEnabled: z.boolean(),
  temperature: z.number().min(temperatureRange.min).max(temperatureRange.max),
});
