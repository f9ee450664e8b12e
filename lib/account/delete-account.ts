import "server-only";
import { loginEmailAndAddressKey, loginEmailKey } from "@/lib/auth/log-in";
import { AppError } from "@/lib/errors";
import { deleteAuthUserById, deleteRateLimitWindows } from "@/lib/db/queries/account";
import { withService } from "@/lib/db/transaction";
import type { DbUser } from "@/lib/db/transaction";

/**
 * Deletes the identity and, through the foreign keys, every row of the user in every table, with
 * the failed sign-in counts kept under their email. The session token stays valid until it
 * expires, but finds no data and cannot write (see toResponse).
 */
export async function deleteAccount(user: DbUser): Promise<void> {
  const deleted = await withService("account.delete", async (tx) => {
    const identity = await deleteAuthUserById(tx, { id: user.id });
    if (!identity) return false;
    const email = identity.email.toLowerCase();
    await deleteRateLimitWindows(tx, { keys: [loginEmailKey(email)], keyPrefixes: [loginEmailAndAddressKey(email, "")] });
    return true;
  });
  if (!deleted) throw new AppError("unauthorized", "account already deleted");
}
