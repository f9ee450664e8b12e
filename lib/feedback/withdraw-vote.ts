import "server-only";
import { AppError } from "@/lib/errors";
import { deleteMessageVote, isVotableMessage } from "@/lib/db/queries/feedback";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";

/** Idempotent for the user's own replies (no vote left either way); 404 for anyone else's. */
export async function withdrawVote(user: DbUser, messageId: string): Promise<void> {
  const [deleted, votable] = await withUserAtOnce(user, (tx) =>
    Promise.all([deleteMessageVote(tx, { userId: user.id, messageId }), isVotableMessage(tx, { userId: user.id, messageId })]),
  );
  if (!deleted && !votable) throw new AppError("not_found");
}
