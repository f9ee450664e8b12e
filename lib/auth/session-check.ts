import "server-only";
import { getProfileById } from "@/lib/db/queries/account";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { verifyRequestCredentials } from "./current-user";

/**
 * Whether the session a long-lived answer (the event stream) was opened with still stands: its
 * credentials not signed out or expired, and the account not deleted. A token outlives its
 * deleted account, so the account is looked up too.
 */
export async function isSessionStillValid(request: Request, user: DbUser): Promise<boolean> {
  const current = await verifyRequestCredentials(request);
  if (current?.id !== user.id) return false;
  return (await withUserAtOnce(user, (tx) => getProfileById(tx, { id: user.id }))) !== null;
}
