import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { getReplyState, type ReplyStateRow } from "@/lib/db/queries/live-replies";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { encodeEvent } from "@/lib/http/sse";
import { logger } from "@/lib/monitoring/logger";
import type { LiveReply, ReplyEnd } from "./live-replies";
import { replyErrorEvent } from "./reply-events";
import type { ReplyStreamEvents } from "./types";

/**
 * A reply this process is writing, as SSE: `opening` (the turn's `meta`, or a joining stream's
 * `snapshot` of the text so far), then every delta with its offset, then `done` or `error`. For
 * `meta`, text written before the stream began is its first delta. Cancelling (the client left)
 * only stops following: the reply goes on.
 */
export function liveReplyStream(live: LiveReply, opening: "meta" | "snapshot", meta?: unknown): ReadableStream<Uint8Array> {
  let unfollow = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encodeEvent(event, data));
        } catch {
          open = false;
        }
      };
      const close = () => {
        if (!open) return;
        open = false;
        try {
          controller.close();
        } catch {
          // Already closed by a cancel.
        }
      };
      // follow() delivers nothing synchronously (an end is queued), so the opening goes first.
      const followed = live.follow({
        delta: (delta) => send("delta", delta),
        end: (ending) => {
          send(ending.event, ending.data);
          close();
        },
      });
      unfollow = followed.unfollow;
      if (opening === "snapshot") {
        send("snapshot", { messageId: live.messageId, text: followed.text });
      } else {
        send("meta", meta);
        if (followed.text !== "") send("delta", { text: followed.text, offset: 0 });
      }
    },
    cancel() {
      unfollow();
    },
  });
}

/** How often a stream following another instance's writer reads the stored reply. */
export const followEveryMs = 250;
/** A following stream ends before the route's maxDuration (300 s); the client opens a new one. */
export const followForMs = 280_000;
/** Reads that fail in a row before the stream gives up with `error`. */
export const failedReadsToGiveUp = 8;

function endOf(state: ReplyStateRow): ReplyEnd | null {
  if (state.status === "streaming") return null;
  if (state.status === "error") return { event: "error", data: replyErrorEvent(state.errorCode) };
  const inputTokens = state.inputTokens ?? 0;
  const outputTokens = state.outputTokens ?? 0;
  return {
    event: "done",
    data: {
      finishReason: state.status === "stopped" ? "stopped" : "stop",
      usage: { inputTokens, outputTokens, costUsd: (state.costMicroUsd ?? 0) / 1_000_000 },
    },
  };
}

/**
 * What a stored reply adds to the `text` a stream has sent: the delta beyond it, and the end once
 * the reply is stored as finished. A reply that is gone, or whose text and what was sent part ways
 * (checkpoints only ever add), ends the stream with an error rather than being patched over.
 */
export function catchUp(state: ReplyStateRow | null, text: string): { delta?: ReplyStreamEvents["delta"]; ending?: ReplyEnd } {
  if (!state) return { ending: { event: "error", data: { code: "not_found", message: "This reply was deleted." } } };
  if (!state.content.startsWith(text)) {
    // Behind what the stream sent (it heard the writer on Realtime, ahead of the last checkpoint).
    if (state.status === "streaming" && text.startsWith(state.content)) return {};
    return { ending: { event: "error", data: { code: "internal", message: "This reply changed while it was followed. Reload to see it." } } };
  }
  const delta = state.content.length > text.length ? { text: state.content.slice(text.length), offset: text.length } : undefined;
  return { delta, ending: endOf(state) ?? undefined };
}

/**
 * A reply written by another instance (the Supabase mode on Vercel, where each request may run
 * elsewhere), as SSE: the snapshot read with the request, then what its writer's checkpoints
 * (every 500 ms) add, read several times a second, with offsets, and its end once it is stored.
 */
export function storedReplyStream(user: DbUser, reply: { id: string; content: string }): ReadableStream<Uint8Array> {
  const cancelled = new AbortController();
  let text = reply.content;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = <E extends keyof ReplyStreamEvents>(event: E, data: ReplyStreamEvents[E]) => controller.enqueue(encodeEvent(event, data));
      send("snapshot", { messageId: reply.id, text });
      const until = Date.now() + followForMs;
      let failedReads = 0;
      try {
        while (Date.now() < until) {
          await sleep(followEveryMs, undefined, { signal: cancelled.signal });
          let state: ReplyStateRow | null;
          try {
            state = await withUserAtOnce(user, (tx) => getReplyState(tx, { id: reply.id, userId: user.id }));
            failedReads = 0;
          } catch (error) {
            if (++failedReads < failedReadsToGiveUp) continue;
            logger.error({ err: error, messageId: reply.id }, "following a stored reply failed");
            send("error", { code: "unavailable", message: "Lost track of this reply. Reload to see how it ended." });
            break;
          }
          const step = catchUp(state, text);
          if (step.delta) {
            send("delta", step.delta);
            text = state!.content;
          }
          if (step.ending) {
            send(step.ending.event, step.ending.data);
            break;
          }
        }
        controller.close();
      } catch {
        // Cancelled: the client left. Nothing to tidy up; the writer is elsewhere.
      }
    },
    cancel() {
      cancelled.abort();
    },
  });
}
