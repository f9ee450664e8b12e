import "server-only";
import { AppError } from "@/lib/errors";
import { deleteAuthUserById } from "@/lib/db/queries/account";
import { withService } from "@/lib/db/transaction";
import type { DbUser } from "@/lib/db/transaction";

/**
 * Deletes the identity and, through the foreign keys, every row of the user in every table. The
 * session token stays valid until it expires, but finds no data and cannot write (see toResponse).
 */
export async function deleteAccount(user: DbUser): Promise<void> {
  const deleted = await withService("account.delete", (tx) => deleteAuthUserById(tx, { id: user.id }));
  if (!deleted) throw new AppError("unauthorized", "account already deleted");
}
