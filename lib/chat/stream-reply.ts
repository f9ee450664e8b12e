import "server-only";
import { costMicroUsd } from "@/lib/ai/models";
import { streamWithinDeadlines } from "@/lib/ai/stream-deadline";
import { estimatePromptTokens, estimateTokens } from "@/lib/ai/tokens";
import { ProviderError, type ChatProvider, type FinishReason, type TokenUsage } from "@/lib/ai/types";
import { updateReply, type ReplyUpdate } from "@/lib/db/queries/messages";
import { retryOnceIfUnavailable, withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { encodeEvent } from "@/lib/http/sse";
import { logger } from "@/lib/monitoring/logger";
import { metrics } from "@/lib/monitoring/metrics";
import type { ChatStreamEvents } from "./types";
import type { BegunTurn } from "./begin-turn";

/** How often the text received so far is saved, so a crash mid-reply loses at most this much. */
const checkpointEveryMs = 1000;

type Emit = <E extends keyof ChatStreamEvents>(event: E, data: ChatStreamEvents[E]) => void;

interface StreamReplyOptions {
  user: DbUser;
  turn: BegunTurn["turn"];
  provider: ChatProvider;
  requestId: string;
  /** Aborts when the client goes away. */
  clientSignal: AbortSignal;
  /** Called once with the final usage and cost (metering settles the turn's reservation). */
  onSettle?: (usage: TokenUsage, costMicroUsd: number) => Promise<void>;
}

/**
 * Streams the model's reply as SSE while keeping the stored reply true to what happened:
 * `complete` with usage, `error` with what arrived, or `stopped` when the client disconnects.
 */
export function streamReply({ user, turn, provider, requestId, clientSignal, onSettle }: StreamReplyOptions): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  const onClientGone = () => abort.abort(new Error("client disconnected"));
  clientSignal.addEventListener("abort", onClientGone, { once: true });

  metrics().chatMessages.inc({ model: turn.model.id });
  let text = "";
  let writes: Promise<boolean> = Promise.resolve(true);
  const write = (update: ReplyUpdate) => withUserAtOnce(user, (tx) => updateReply(tx, { id: turn.assistantMessageId, userId: user.id, ...update }));
  // Writes to the reply run one after another, so a late checkpoint never overwrites the final state.
  // A lost checkpoint is made up by the next one; the final state is tried once more. True once stored.
  const save = (update: ReplyUpdate, { final = false } = {}) => {
    writes = writes
      .then(() => (final ? retryOnceIfUnavailable(() => write(update)) : write(update)))
      .then(
        () => true,
        (error: unknown) => {
          logger.error({ requestId, err: error }, "saving the reply failed");
          return false;
        },
      );
    return writes;
  };

  const usageOf = (reported: TokenUsage | null): TokenUsage =>
    reported ?? {
      inputTokens: estimatePromptTokens(turn.prompt),
      outputTokens: estimateTokens(text),
    };

  const settle = (status: "complete" | "stopped" | "error", reported: TokenUsage | null, errorCode: string | null) => {
    const usage = usageOf(reported);
    const cost = costMicroUsd(turn.model, usage);
    const model = turn.model.id;
    metrics().llmRequests.inc({ model, status });
    metrics().llmTokens.inc({ model, type: "input" }, usage.inputTokens);
    metrics().llmTokens.inc({ model, type: "output" }, usage.outputTokens);
    metrics().llmCost.inc({ model }, cost / 1_000_000);
    const saved = Promise.all([
      save({ content: text, status, errorCode, ...usage, costMicroUsd: cost, memories: turn.memories }, { final: true }),
      onSettle?.(usage, cost),
    ]).then(([stored]) => stored);
    return { usage: { ...usage, costUsd: cost / 1_000_000 }, saved };
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const emit: Emit = (event, data) => {
        if (!open) return;
        try {
          controller.enqueue(encodeEvent(event, data));
        } catch {
          open = false;
        }
      };
      emit("meta", {
        chatId: turn.chatId,
        userMessageId: turn.userMessageId,
        assistantMessageId: turn.assistantMessageId,
        model: turn.model.id,
        memories: turn.memories,
      });

      let lastCheckpoint = Date.now();
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
          if (event.type === "delta") {
            text += event.text;
            emit("delta", { text: event.text });
            if (Date.now() - lastCheckpoint >= checkpointEveryMs) {
              lastCheckpoint = Date.now();
              void save({ content: text, status: "streaming" });
            }
          } else {
            finish = event;
          }
        }
        // A reply is never stored complete and empty (the database refuses it): the model failed.
        if (text === "") throw new ProviderError("the model finished without writing anything");
        const { usage, saved } = settle("complete", finish?.usage ?? null, null);
        if (await saved) emit("done", { finishReason: finish?.reason ?? "stop", usage });
        // The client would take the reply for stored; its stored copy is the last checkpoint.
        else emit("error", { code: "unavailable", message: "The reply arrived but could not be saved. You can retry." });
      } catch (error) {
        if (abort.signal.aborted) {
          await settle("stopped", null, null).saved;
        } else {
          const upstream = error instanceof ProviderError;
          logger.error({ requestId, err: error, model: turn.model.id }, "reply failed");
          await settle("error", null, upstream ? "upstream" : "internal").saved;
          emit("error", {
            code: upstream ? "unavailable" : "internal",
            message: upstream
              ? "The language model failed before finishing this reply. What arrived is kept; you can retry."
              : "Something went wrong while writing this reply. You can retry.",
          });
        }
      } finally {
        turn.release();
        clientSignal.removeEventListener("abort", onClientGone);
        if (open) {
          open = false;
          try {
            controller.close();
          } catch {
            // Already closed by a cancel.
          }
        }
      }
    },
    cancel() {
      abort.abort(new Error("client disconnected"));
    },
  });
}
