import "server-only";
import { getReplyState, type ReplyStateRow } from "@/lib/db/queries/live-replies";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { supabaseEnv } from "@/lib/env";
import { encodeEvent } from "@/lib/http/sse";
import { logger } from "@/lib/monitoring/logger";
import { followReplyBroadcasts } from "@/lib/realtime/follow-reply-broadcasts";
import type { ReplyDelta } from "@/lib/realtime/reply-broadcasts";
import { catchUp, failedReadsToGiveUp, followEveryMs, followForMs } from "./reply-streams";
import type { ReplyStreamEvents } from "./types";

/**
 * How often a stream that hears the writer on Realtime reads the stored reply all the same: for an
 * end whose broadcast was lost, and a writer that died (maintenance then stores the reply `error`).
 */
const storedReadEveryMs = 2_000;

/** What Realtime delivered since the stream last looked, and a way to wait for more. */
class Inbox {
  deltas: ReplyDelta[] = [];
  ended = false;
  lost = false;
  private wake: (() => void) | null = null;

  readonly handlers = {
    delta: (delta: ReplyDelta) => this.push(() => this.deltas.push(delta)),
    end: () => this.push(() => (this.ended = true)),
    lost: () => this.push(() => (this.lost = true)),
  };

  private push(change: () => unknown) {
    change();
    this.wake?.();
  }

  /** Resolves true when something arrives, false after `ms` or when `signal` aborts. */
  next(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (arrived: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", aborted);
        this.wake = null;
        resolve(arrived);
      };
      const aborted = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      signal.addEventListener("abort", aborted, { once: true });
      this.wake = () => done(true);
    });
  }
}

/**
 * A reply written by another instance (the Supabase mode), heard on the person's private Realtime
 * topic: joined first, with their own access token, then the stored reply is read for the
 * snapshot, so nothing broadcast after it is missed. Deltas are sent on as they arrive, with their
 * offsets; one that starts beyond the text sent (a broadcast lost on the way) waits for the stored
 * checkpoint, which covers it within half a second. The stored reply is also read every two
 * seconds, and at the writer's end, for how it ended. If the channel is lost, the stream follows
 * the checkpoints as `storedReplyStream` does. Rejects when Realtime does not admit the join.
 */
export async function broadcastReplyStream(user: DbUser, messageId: string, accessToken: string): Promise<ReadableStream<Uint8Array>> {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: publishableKey } = supabaseEnv();
  const inbox = new Inbox();
  const leave = await followReplyBroadcasts({ url, publishableKey, accessToken, userId: user.id, messageId }, inbox.handlers);
  const read = () => withUserAtOnce(user, (tx) => getReplyState(tx, { id: messageId, userId: user.id }));
  let first: ReplyStateRow | null;
  try {
    first = await read();
  } catch (error) {
    await leave();
    throw error;
  }
  const cancelled = new AbortController();

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = <E extends keyof ReplyStreamEvents>(event: E, data: ReplyStreamEvents[E]) => controller.enqueue(encodeEvent(event, data));
      let text = first?.content ?? "";
      send("snapshot", { messageId, text });
      // What was last read of the stored reply, until it is applied.
      let state: ReplyStateRow | null | undefined = first;
      let failedReads = 0;
      const until = Date.now() + followForMs;
      try {
        while (!cancelled.signal.aborted && Date.now() < until) {
          if (state !== undefined) {
            const step = catchUp(state, text);
            state = undefined;
            if (step.delta) {
              send("delta", step.delta);
              text += step.delta.text;
            }
            if (step.ending) {
              send(step.ending.event, step.ending.data);
              break;
            }
          }
          // The broadcast deltas that continue the text, in order; one beyond it waits for a checkpoint.
          inbox.deltas.sort((a, b) => a.offset - b.offset);
          let hasGap = false;
          while (inbox.deltas.length > 0 && !hasGap) {
            const delta = inbox.deltas[0]!;
            hasGap = delta.offset > text.length;
            if (hasGap) break;
            inbox.deltas.shift();
            const tail = delta.text.slice(text.length - delta.offset);
            if (tail === "") continue;
            send("delta", { text: tail, offset: text.length });
            text += tail;
          }
          if (!hasGap && !inbox.ended && !inbox.lost) {
            const arrived = await inbox.next(storedReadEveryMs, cancelled.signal);
            if (arrived || cancelled.signal.aborted) continue;
          }
          // A gap or a lost channel is made up by the checkpoints, at their pace; an end, or two
          // quiet seconds, by reading how the reply stands.
          if (hasGap || inbox.lost) await new Promise((resolve) => setTimeout(resolve, followEveryMs));
          try {
            state = await read();
            failedReads = 0;
          } catch (error) {
            if (++failedReads < failedReadsToGiveUp) continue;
            logger.error({ err: error, messageId }, "following a broadcast reply failed");
            send("error", { code: "unavailable", message: "Lost track of this reply. Reload to see how it ended." });
            break;
          }
        }
        controller.close();
      } catch {
        // Cancelled: the client left. The writer is elsewhere; only the channel is ours to leave.
      } finally {
        await leave();
      }
    },
    cancel() {
      cancelled.abort();
    },
  });
}
