import "server-only";
import { AppError } from "@/lib/errors";
import { createRatingFeedback, upsertMessageVote } from "@/lib/db/queries/feedback";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import type { FeedbackInput } from "./types";

const userAgentMaxLength = 1000;

/**
 * Stores a page rating from the widget, or the user's vote on one of their replies (a second vote
 * replaces the first). A vote on a message that is missing or not theirs is 404.
 */
export async function sendFeedback(
  user: DbUser,
  input: FeedbackInput,
  { userAgent }: { userAgent: string | null },
): Promise<{ id: string }> {
  const agent = userAgent ? userAgent.slice(0, userAgentMaxLength) : null;
  const comment = input.comment || null;
  if ("rating" in input) {
    return withUserAtOnce(user, (tx) =>
      createRatingFeedback(tx, { userId: user.id, rating: input.rating, comment, page: input.page ?? null, userAgent: agent }),
    );
  }
  const saved = await withUserAtOnce(user, (tx) =>
    upsertMessageVote(tx, { userId: user.id, messageId: input.messageId, vote: input.vote, comment, userAgent: agent }),
  );
  if (!saved) throw new AppError("not_found");
  return saved;
}
