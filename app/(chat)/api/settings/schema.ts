import { z } from "zod";
import { systemPromptMaxLength, temperatureRange, themes } from "@/lib/settings/types";

export const updateSettingsSchema = z.strictObject({
  theme: z.enum(themes).optional(),
  defaultModel: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  systemPrompt: z
    .string()
    .trim()
    .max(systemPromptMaxLength, `must be at most ${systemPromptMaxLength} characters`)
    .optional(),
  memoryEnabled: z.boolean().optional(),
  temperature: z.number().min(temperatureRange.min).max(temperatureRange.max).optional(),
});

export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
