import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "../client";
import { userSettings, type UserSettingsRow } from "../schema";

export async function getUserSettingsByUserId(tx: Transaction, { userId }: { userId: string }): Promise<UserSettingsRow | null> {
  const rows = await tx.select().from(userSettings).where(eq(userSettings.userId, userId)).limit(1);
  return rows[0] ?? null;
}

export type UserSettingsValues = Partial<
  Pick<UserSettingsRow, "theme" | "defaultModel" | "systemPrompt" | "memoryEnabled" | "temperature">
>;

/** Creates the row on the first save; later saves change only the given columns. */
export async function upsertUserSettings(
  tx: Transaction,
  { userId, values }: { userId: string; values: UserSettingsValues },
): Promise<UserSettingsRow> {
  const [row] = await tx
    .insert(userSettings)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: userSettings.userId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

/**
 * In SQL, the model a turn of the user's answers with unless it names one: their saved default
 * while this deployment still offers it, else `fallback` (as presentSettings decides, for a row
 * written in the same statements as the settings are read).
 */
export function defaultModelOf(userId: string, { offered, fallback }: { offered: string[]; fallback: string }): SQL {
  return sql`coalesce((select s.default_model from public.user_settings s
    where s.user_id = ${userId} and s.default_model in (select jsonb_array_elements_text(${JSON.stringify(offered)}::jsonb))), ${fallback})`;
}
