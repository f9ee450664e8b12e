import type { QueryClient } from "@tanstack/react-query";
import type { ChatWithMessages } from "@/lib/chat/types";
import { streamChat, type ChatRequest, type ChatStreamEvent } from "./chat-stream";
import { ApiError, describeError } from "./http";
import { newChatKey, useLiveReplyStore } from "./live-reply-store";
import { queryKeys } from "./query-keys";

const controllers = new Map<string, AbortController>();

/** The server stores a stopped reply once it notices the disconnect, so its status can lag a moment. */
const settleAttempts = 8;
const settleDelayMs = 250;

export function stopChatStream(chatKey: string): void {
  controllers.get(chatKey)?.abort();
}

interface RunChatStreamOptions {
  /** A chat id, or `newChatKey` to let the server create the chat. */
  chatKey: string;
  request: ChatRequest;
  queryClient: QueryClient;
  onChatCreated?: (chatId: string) => void;
}

class StreamRun {
  chatKey: string;
  assistantMessageId: string | null = null;
  hasEnded = false;
  private readonly store = useLiveReplyStore.getState();

  constructor(
    chatKey: string,
    readonly controller: AbortController,
    private readonly options: RunChatStreamOptions,
  ) {
    this.chatKey = chatKey;
  }

  handle(event: ChatStreamEvent): void {
    switch (event.name) {
      case "meta":
        if (event.data.chatId !== this.chatKey) this.moveToChat(event.data.chatId);
        this.assistantMessageId = event.data.assistantMessageId;
        this.store.update(this.chatKey, {
          userMessageId: event.data.userMessageId,
          assistantMessageId: event.data.assistantMessageId,
          memories: event.data.memories,
        });
        return;
      case "delta":
        this.store.appendText(this.chatKey, event.data.text);
        return;
      case "done":
        this.hasEnded = true;
        this.store.update(this.chatKey, { status: "complete" });
        return;
      case "error":
        this.hasEnded = true;
        this.fail(event.data.message);
        return;
    }
  }

  fail(message: string): void {
    this.store.update(this.chatKey, { status: "error" });
    if (this.assistantMessageId) this.store.setErrorMessage(this.assistantMessageId, message);
  }

  private moveToChat(chatId: string): void {
    controllers.delete(this.chatKey);
    this.store.moveToChat(this.chatKey, chatId);
    this.chatKey = chatId;
    controllers.set(chatId, this.controller);
    void this.options.queryClient.invalidateQueries({ queryKey: queryKeys.chats });
    this.options.onChatCreated?.(chatId);
  }
}

/** Waits until the stored chat shows how the reply ended, then drops the live copy. */
async function settle(run: StreamRun, queryClient: QueryClient): Promise<void> {
  void queryClient.invalidateQueries({ queryKey: queryKeys.chats });
  void queryClient.invalidateQueries({ queryKey: queryKeys.usage });
  if (run.chatKey !== newChatKey) {
    const chatKey = queryKeys.chat(run.chatKey);
    for (let attempt = 0; attempt < settleAttempts; attempt++) {
      await queryClient.refetchQueries({ queryKey: chatKey, exact: true });
      const stored = queryClient
        .getQueryData<ChatWithMessages>(chatKey)
        ?.messages.find((message) => message.id === run.assistantMessageId);
      if (!run.assistantMessageId || (stored && stored.status !== "streaming")) break;
      await new Promise((resolve) => setTimeout(resolve, settleDelayMs));
    }
  }
  useLiveReplyStore.getState().finish(run.chatKey);
}

/**
 * Streams one reply into the live-reply store, independent of any component, so it keeps going
 * while the page changes from `/chat` to `/chat/<id>`. Throws `ApiError` when the server refuses
 * the request before a reply exists (validation, rate limit, quota).
 */
export async function runChatStream(options: RunChatStreamOptions): Promise<void> {
  const { request, queryClient } = options;
  const controller = new AbortController();
  const run = new StreamRun(options.chatKey, controller, options);
  controllers.set(run.chatKey, controller);
  useLiveReplyStore.getState().begin(run.chatKey, {
    userText: "message" in request ? request.message : null,
    retryOf: "retryOf" in request ? request.retryOf : null,
    editOf: "editOf" in request ? request.editOf : null,
  });

  try {
    for await (const event of streamChat(request, controller.signal)) {
      if (event.name === "error" && !run.assistantMessageId) throw new ApiError(500, event.data.code, event.data.message);
      run.handle(event);
    }
    if (!run.hasEnded) run.fail("The reply was interrupted before it finished.");
  } catch (error) {
    if (controller.signal.aborted) {
      useLiveReplyStore.getState().update(run.chatKey, { status: "stopped" });
    } else if (!run.assistantMessageId) {
      controllers.delete(run.chatKey);
      useLiveReplyStore.getState().finish(run.chatKey);
      throw error;
    } else {
      run.fail(describeError(error));
    }
  }
  controllers.delete(run.chatKey);
  await settle(run, queryClient);
}
