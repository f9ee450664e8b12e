import "server-only";
import { costMicroUsd } from "@/lib/ai/models";
import { streamWithinDeadlines } from "@/lib/ai/stream-deadline";
import { estimatePromptTokens, estimateTokens } from "@/lib/ai/tokens";
import { ProviderError, type ChatProvider, type FinishReason, type TokenUsage } from "@/lib/ai/types";
import { checkpointReply } from "@/lib/db/queries/live-replies";
import { updateReply, type ReplyUpdate } from "@/lib/db/queries/messages";
import { withRideAlong, type RideAlong } from "@/lib/db/ride-along";
import { retryOnceIfUnavailable, withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import { metrics } from "@/lib/monitoring/metrics";
import { ReplyBroadcaster } from "@/lib/realtime/reply-broadcasts";
import { chatChargeSettlement } from "@/lib/usage/chat-charge";
import { LiveReply, registerLiveReply } from "./live-replies";
import { replyErrorEvent } from "./reply-events";
import type { BegunTurn } from "./begin-turn";

/**
 * How often the text received so far is saved. A crash loses at most this much; a stop asked on
 * another instance is seen within this (the checkpoint answers it); a stream following the reply
 * from another instance sees it grow at this pace; and a reply whose checkpoints stop for minutes
 * is taken for dead by maintenance.
 */
export const checkpointEveryMs = 500;

class StopRequested extends Error {
  constructor() {
    super("the reply was stopped");
    this.name = "StopRequested";
  }
}

interface StartReplyOptions {
  user: DbUser;
  turn: BegunTurn["turn"];
  provider: ChatProvider;
  requestId: string;
}

/**
 * Writes the model's reply independently of any client, keeping the stored reply true to what
 * happened: `complete` with usage, `error` with what arrived, or `stopped` when someone asked
 * (POST /api/chats/:id/stop). A client that goes away changes nothing. `live` is what streams
 * follow; `finished` settles once the reply is stored and charged (the route keeps the function
 * alive until then).
 */
export function startReply({ user, turn, provider, requestId }: StartReplyOptions): { live: LiveReply; finished: Promise<void> } {
  const abort = new AbortController();
  const live = new LiveReply(turn.assistantMessageId, user.id, () => abort.abort(new StopRequested()));
  registerLiveReply(live);
  const broadcast = env().mode === "supabase" ? broadcastToOtherInstances(live) : Promise.resolve();
  metrics().chatMessages.inc({ model: turn.model.id });

  let writes: Promise<boolean> = Promise.resolve(true);
  const key = { id: turn.assistantMessageId, userId: user.id };
  // Writes to the reply run one after another, so a late checkpoint never overwrites the final state.
  // A lost checkpoint is made up by the next one; the final state is tried once more. True once stored.
  const enqueue = (write: () => Promise<unknown>) => {
    writes = writes.then(write).then(
      () => true,
      (error: unknown) => {
        logger.error({ requestId, err: error }, "saving the reply failed");
        return false;
      },
    );
    return writes;
  };
  // The turn's charge is settled in the same transaction, a fresh copy of its statement each try.
  const saveFinal = (update: ReplyUpdate, charge: () => RideAlong) =>
    enqueue(() => retryOnceIfUnavailable(() => withRideAlong(charge(), () => withUserAtOnce(user, (tx) => updateReply(tx, { ...key, ...update })))));
  let isCheckpointing = false;
  const checkpoint = () => {
    // One at a time: a slow database gets the next checkpoint when it answers, not a queue of them.
    if (isCheckpointing || abort.signal.aborted) return;
    isCheckpointing = true;
    const content = live.text;
    void enqueue(async () => {
      try {
        const { stopRequested } = await withUserAtOnce(user, (tx) => checkpointReply(tx, { ...key, content }));
        if (stopRequested) live.stop();
      } finally {
        isCheckpointing = false;
      }
    });
  };

  const usageOf = (reported: TokenUsage | null): TokenUsage =>
    reported ?? {
      inputTokens: estimatePromptTokens(turn.prompt),
      outputTokens: estimateTokens(live.text),
    };

  const settle = (status: "complete" | "stopped" | "error", reported: TokenUsage | null, errorCode: string | null) => {
    const usage = usageOf(reported);
    const cost = costMicroUsd(turn.model, usage);
    const model = turn.model.id;
    metrics().llmRequests.inc({ model, status });
    metrics().llmTokens.inc({ model, type: "input" }, usage.inputTokens);
    metrics().llmTokens.inc({ model, type: "output" }, usage.outputTokens);
    metrics().llmCost.inc({ model }, cost / 1_000_000);
    const saved = saveFinal({ content: live.text, status, errorCode, ...usage, costMicroUsd: cost, memories: turn.memories }, () =>
      chatChargeSettlement(user, turn.charge, usage, cost),
    );
    return { usage: { ...usage, costUsd: cost / 1_000_000 }, saved };
  };

  const write = async () => {
    const timer = setInterval(checkpoint, checkpointEveryMs);
    try {
      let finish: { reason: FinishReason; usage: TokenUsage | null } | undefined;
      const events = streamWithinDeadlines(
        (signal) =>
          provider.stream({
            model: turn.model.id,
            messages: turn.prompt,
            temperature: turn.temperature,
            maxOutputTokens: env().CHAT_MAX_OUTPUT_TOKENS,
            signal,
            memories: turn.memories,
          }),
        { idleMs: env().CHAT_STREAM_IDLE_TIMEOUT_MS, totalMs: env().CHAT_STREAM_DEADLINE_MS },
        abort.signal,
      );
      for await (const event of events) {
        if (event.type === "delta") live.append(event.text);
        else finish = event;
      }
      clearInterval(timer);
      // A reply is never stored complete and empty (the database refuses it): the model failed.
      if (live.text === "") throw new ProviderError("the model finished without writing anything");
      const { usage, saved } = settle("complete", finish?.usage ?? null, null);
      if (await saved) live.end({ event: "done", data: { finishReason: finish?.reason ?? "stop", usage } });
      // The client would take the reply for stored; its stored copy is the last checkpoint.
      else live.end({ event: "error", data: { code: "unavailable", message: "The reply arrived but could not be saved. You can retry." } });
    } catch (error) {
      clearInterval(timer);
      if (abort.signal.reason instanceof StopRequested) {
        const { usage, saved } = settle("stopped", null, null);
        await saved;
        live.end({ event: "done", data: { finishReason: "stopped", usage } });
      } else {
        const upstream = error instanceof ProviderError;
        logger.error({ requestId, err: error, model: turn.model.id }, "reply failed");
        const errorCode = upstream ? "upstream" : "internal";
        await settle("error", null, errorCode).saved;
        live.end({ event: "error", data: replyErrorEvent(errorCode) });
      }
    } finally {
      turn.release();
      // Followers never wait on a reply whose writer failed in a way not handled above.
      if (!live.ending) live.end({ event: "error", data: replyErrorEvent("internal") });
    }
  };
  return { live, finished: write().then(() => broadcast) };
}

/**
 * The Supabase mode: streams of this reply served by other instances hear it on Realtime
 * (lib/realtime/reply-broadcasts.ts). Resolves once the last broadcast has been sent.
 */
function broadcastToOtherInstances(live: LiveReply): Promise<void> {
  const broadcaster = new ReplyBroadcaster(live.userId, live.messageId);
  return new Promise((resolve) => {
    live.follow({ delta: ({ text, offset }) => broadcaster.append(text, offset), end: () => void broadcaster.end().then(resolve) });
  });
}
