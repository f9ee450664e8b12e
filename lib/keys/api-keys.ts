import "server-only";
import { newApiKey } from "@/lib/auth/api-key-proof";
import { createApiKey, listApiKeysByUserId, revokeApiKeyById, type ApiKeyListRow } from "@/lib/db/queries/api-keys";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { ApiKey, CreatedApiKey } from "./types";

/** A key as its owner sees it: never its secret or hash. */
export const presentApiKey = (row: ApiKeyListRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

export async function listApiKeys(user: DbUser): Promise<ApiKey[]> {
  return (await withUserAtOnce(user, (tx) => listApiKeysByUserId(tx, { userId: user.id }))).map(presentApiKey);
}

/** A new key; only its hash is stored, so the secret returned here is the only copy. */
export async function createPersonalApiKey(user: DbUser, input: { name: string; expiresAt?: Date }): Promise<CreatedApiKey> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError("invalid_input", "expiry in the past", { publicMessage: "expiresAt: must be in the future" });
  }
  const { secret, prefix, secretHash } = newApiKey(user.id);
  const row = await withUserAtOnce(user, (tx) =>
    createApiKey(tx, { userId: user.id, name: input.name, prefix, secretHash, expiresAt: input.expiresAt ?? null }),
  );
  return { key: presentApiKey(row), secret };
}

/** Revokes one of the person's keys: 404 for a missing, revoked or another's key alike. */
export async function revokePersonalApiKey(user: DbUser, id: string): Promise<void> {
  if (!(await withUserAtOnce(user, (tx) => revokeApiKeyById(tx, { id, userId: user.id })))) throw new AppError("not_found");
}
