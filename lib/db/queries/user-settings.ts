import "server-only";
import { eq, sql } from "drizzle-orm";
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
