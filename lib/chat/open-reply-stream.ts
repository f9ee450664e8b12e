import "server-only";
import { getStreamingReplyByChatId } from "@/lib/db/queries/live-replies";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { broadcastReplyStream } from "./broadcast-reply-stream";
import { getLiveReply } from "./live-replies";
import { liveReplyStream, storedReplyStream } from "./reply-streams";

/**
 * The chat's reply being written, as SSE from what exists so far; null when nothing is being
 * written. One statement finds it (and whether the chat is the user's). Written by this process
 * (always in the local mode), the stream follows it token by token; written by another instance,
 * it hears the writer's broadcasts on Realtime (several a second), else the stored checkpoints.
 */
export async function openReplyStream(user: DbUser & { supabaseAccessToken?: string }, chatId: string): Promise<ReadableStream<Uint8Array> | null> {
  const reply = await withUserAtOnce(user, (tx) => getStreamingReplyByChatId(tx, { chatId, userId: user.id }));
  if (reply === undefined) throw new AppError("not_found", "chat not found or not the user's");
  if (reply === null) return null;
  const live = getLiveReply(reply.id, user.id);
  if (live) return liveReplyStream(live, "snapshot");
  // The Supabase mode hears the writer on Realtime as the person; without their token (another
  // kind of credential), or if Realtime does not admit the join, the checkpoints tell the reply.
  if (user.supabaseAccessToken) {
    try {
      return await broadcastReplyStream(user, reply.id, user.supabaseAccessToken);
    } catch (error) {
      logger.warn({ err: error, messageId: reply.id }, "Realtime refused the live reply's channel; following its checkpoints");
    }
  }
  return storedReplyStream(user, reply);
}
