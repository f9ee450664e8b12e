import "server-only";
import { listModels } from "@/lib/ai/models";
import { endDeadReplies as endDeadRepliesOlderThan } from "@/lib/db/queries/live-replies";
import { withService } from "@/lib/db/transaction";

/**
 * A writer checkpoints its reply every half second (lib/chat/stream-reply.ts); one silent this
 * long has died (a crash, or the platform's time limit cutting the function). Well above a
 * checkpoint that waits out a slow database (DATABASE_TIMEOUT_MS, 10 s).
 */
export const deadReplyAfterSeconds = 3 * 60;

/**
 * Ends replies left `streaming` by a writer that died, in both modes, and settles their charges
 * (lib/db/queries/live-replies.ts). Safe from several processes at once; run by maintenance.
 */
export async function endDeadReplies({ staleSeconds = deadReplyAfterSeconds } = {}): Promise<{ ended: number }> {
  const ended = await withService("chat.interrupted-replies", (tx) => endDeadRepliesOlderThan(tx, { staleSeconds, prices: listModels() }));
  return { ended };
}
