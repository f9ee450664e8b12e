import "server-only";
import { AppError } from "@/lib/errors";
import { deleteMessageVote, isVotableMessage } from "@/lib/db/queries/feedback";
import { withUser, type DbUser } from "@/lib/db/transaction";

/** Idempotent for the user's own replies (no vote left either way); 404 for anyone else's. */
export async function withdrawVote(user: DbUser, messageId: string): Promise<void> {
  await withUser(user, async (tx) => {
    if (await deleteMessageVote(tx, { userId: user.id, messageId })) return;
    if (!(await isVotableMessage(tx, { userId: user.id, messageId }))) throw new AppError("not_found");
  });
}
