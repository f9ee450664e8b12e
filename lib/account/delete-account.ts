import "server-only";
import { sessionLifetimeSeconds } from "@/lib/auth/jwt";
import { loginEmailAndAddressKey, loginEmailKey } from "@/lib/auth/log-in";
import { rememberDeletedAccount } from "@/lib/auth/revoked-sessions";
import { deleteUserDocumentFiles } from "@/lib/documents/storage";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { deleteAuthUserById, deleteRateLimitWindows, insertDeletedAccount } from "@/lib/db/queries/account";
import { withService } from "@/lib/db/transaction";
import { accountSuspendedError } from "@/lib/usage/admit-request";
import type { DbUser } from "@/lib/db/transaction";

/**
 * Deletes the identity and, through the foreign keys, every row of the user in every table, with
 * the failed sign-in counts kept under their email. Locally every token of the account is refused
 * from then on, also after a restart: a tombstone (the id, until the last token issued before now
 * expires) is written in the same transaction. On Supabase, Auth's tokens stay valid until they
 * expire, but find no data and cannot write (see toResponse). A suspended account is not deleted
 * (403 `account_suspended`): on Supabase its token still works until it expires.
 */
export async function deleteAccount(user: DbUser): Promise<void> {
  const tokensValidUntil = new Date(Date.now() + sessionLifetimeSeconds * 1000);
  const local = env().mode === "local";
  const deleted = await withService("account.delete", async (tx) => {
    const identity = await deleteAuthUserById(tx, { id: user.id });
    if (identity === "suspended") throw accountSuspendedError();
    if (!identity) return false;
    const email = identity.email.toLowerCase();
    await deleteRateLimitWindows(tx, { keys: [loginEmailKey(email)], keyPrefixes: [loginEmailAndAddressKey(email, "")] });
    if (local) await insertDeletedAccount(tx, { userId: user.id, tokensValidUntil });
    return true;
  });
  if (!deleted) throw new AppError("unauthorized", "account already deleted");
  if (local) rememberDeletedAccount(user.id, tokensValidUntil.getTime());
  // The rows went with the identity and the account is gone; the files follow. If their store
  // fails now, the maintenance sweep removes them later (no row names them any more).
  await deleteUserDocumentFiles(user.id).catch((error: unknown) => logger.error({ err: error, userId: user.id }, "account deleted; its document files are left to the maintenance sweep"));
}
