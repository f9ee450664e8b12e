import "server-only";
import { requestReplyStop } from "@/lib/db/queries/live-replies";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { AppError, userError } from "@/lib/errors";
import { getLiveReply } from "./live-replies";

/**
 * Stops the replies being written in the chat, from any client. The request is marked on the
 * reply in one statement; a writer in this process stops at once, one on another instance at its
 * next checkpoint (within half a second). Either stores the reply `stopped` with what arrived and
 * settles its charge for what was generated.
 */
export async function stopReply(user: DbUser, chatId: string): Promise<void> {
  const { chatFound, messageIds } = await withUserAtOnce(user, (tx) => requestReplyStop(tx, { chatId, userId: user.id }));
  if (!chatFound) throw new AppError("not_found", "chat not found or not the user's");
  if (messageIds.length === 0) throw userError("conflict", "Nothing is being written in this chat.");
  for (const messageId of messageIds) getLiveReply(messageId, user.id)?.stop();
}
