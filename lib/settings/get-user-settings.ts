import "server-only";
import { defaultModelId, findModel } from "@/lib/ai/models";
import type { Transaction } from "@/lib/db/client";
import { getUserSettingsByUserId } from "@/lib/db/queries/user-settings";
import type { UserSettingsRow } from "@/lib/db/schema";
import type { UserSettings } from "./types";

export const defaultSettings = {
  theme: "system",
  systemPrompt: "",
  memoryEnabled: true,
  temperature: 1,
} as const satisfies Omit<UserSettings, "defaultModel">;

export function presentSettings(row: UserSettingsRow | null): UserSettings {
  if (!row) return { ...defaultSettings, defaultModel: defaultModelId() };
  return {
    theme: row.theme,
    // The deployment may have stopped offering the model since it was saved.
    defaultModel: row.defaultModel && findModel(row.defaultModel) ? row.defaultModel : defaultModelId(),
    systemPrompt: row.systemPrompt,
    memoryEnabled: row.memoryEnabled,
    temperature: row.temperature,
  };
}

/** The user's settings inside a transaction of the caller (the chat turn); defaults when never saved. */
export async function getUserSettings(tx: Transaction, userId: string): Promise<UserSettings> {
  return presentSettings(await getUserSettingsByUserId(tx, { userId }));
}
