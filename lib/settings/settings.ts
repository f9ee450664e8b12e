import "server-only";
import { findModel } from "@/lib/ai/models";
import { userError } from "@/lib/errors";
import { upsertUserSettings } from "@/lib/db/queries/user-settings";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { getUserSettings, presentSettings } from "./get-user-settings";
import type { SettingsUpdate, UserSettings } from "./types";

export async function readSettings(user: DbUser): Promise<UserSettings> {
  return withUserAtOnce(user, (tx) => getUserSettings(tx, user.id));
}

/** Saves any subset; a model this deployment does not offer is refused before anything is written. */
export async function updateSettings(user: DbUser, update: SettingsUpdate): Promise<UserSettings> {
  if (update.defaultModel !== undefined && !findModel(update.defaultModel)) {
    throw userError("invalid_input", `defaultModel: "${update.defaultModel}" is not offered here (see GET /api/models)`);
  }
  const row = await withUserAtOnce(user, (tx) => upsertUserSettings(tx, { userId: user.id, values: update }));
  return presentSettings(row);
}
