import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { hasSqlState } from "../errors";
import type { FlightStatement } from "../flight";
import { apiKeys, type ApiKeyRow } from "../schema";

export type ApiKeyListRow = Pick<ApiKeyRow, "id" | "name" | "prefix" | "createdAt" | "expiresAt" | "lastUsedAt">;

const listColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

/** The person's keys that are not revoked (expired ones too: their owner should see why a script stopped), newest first. */
export async function listApiKeysByUserId(tx: Transaction, { userId }: { userId: string }): Promise<ApiKeyListRow[]> {
  return tx
    .select(listColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function createApiKey(
  tx: Transaction,
  input: { userId: string; name: string; prefix: string; secretHash: string; expiresAt: Date | null },
): Promise<ApiKeyListRow> {
  // Only the columns the server's role may insert are named (drizzle would name every column).
  const result = await tx.execute<{ id: string; name: string; prefix: string; created_at: string | Date; expires_at: string | Date | null; last_used_at: string | Date | null }>(sql`
    insert into public.api_keys (user_id, name, prefix, secret_hash, expires_at)
    values (${input.userId}, ${input.name}, ${input.prefix}, ${input.secretHash}, ${input.expiresAt?.toISOString() ?? null}::timestamptz)
    returning id, name, prefix, created_at, expires_at, last_used_at`);
  const row = result.rows[0];
  if (!row) throw new Error("insert into api_keys returned no row");
  const at = (value: string | Date | null) => (value === null ? null : new Date(value));
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: new Date(row.created_at), expiresAt: at(row.expires_at), lastUsedAt: at(row.last_used_at) };
}

/** Revokes a live key of the person's; false when there is none of that id (missing, revoked, or another's). */
export async function revokeApiKeyById(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<boolean> {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** The SQLSTATE `private.check_api_key` raises for a key that is not a live key of the person's. */
export const invalidApiKeyState = "MN401";

export interface ApiKeyCheckInput {
  userId: string;
  secretHash: string;
}

/** The check as a statement to lead a user transaction (lib/db/credential-check.ts). */
export function checkApiKeyStatement({ userId, secretHash }: ApiKeyCheckInput): FlightStatement {
  return { text: "select private.check_api_key($1::uuid, $2) as valid", params: [userId, secretHash] };
}

/** The check on its own, one statement; raises MN401 as the statement form does. */
export async function checkApiKeyNow(db: Database, input: ApiKeyCheckInput): Promise<void> {
  await db.execute(sql`select private.check_api_key(${input.userId}::uuid, ${input.secretHash}) as valid`);
}

export const isInvalidApiKeyError = (error: unknown) => hasSqlState(error, invalidApiKeyState);
