import type { QueryClient } from "@tanstack/react-query";
import type { ChatWithMessages } from "@/lib/chat/types";
import { stopReply } from "./api";
import { followReply, streamChat, type ChatRequest, type ChatStreamEvent, type ReplyStreamEvent } from "./chat-stream";
import { ApiError, describeError } from "./http";
import { newChatKey, useLiveReplyStore } from "./live-reply-store";
import { queryKeys } from "./query-keys";

/** The streams this tab runs, by chat key: the one a Stop pressed before the chat had an id waits for. */
const runs = new Map<string, StreamRun>();

/** The stored reply can lag its stream's end by a moment (the final write, then the refetch). */
const settleAttempts = 8;
const settleDelayMs = 250;

/**
 * Stops the chat's reply on the server, whichever tab or device writes it. Pressed before a new
 * chat has its id, the stop is sent as soon as the server names it. A reply that just ended (409)
 * needs no stop.
 */
export async function stopChatStream(chatKey: string): Promise<void> {
  if (chatKey === newChatKey) {
    const run = runs.get(newChatKey);
    if (run) run.isStopWanted = true;
    return;
  }
  try {
    await stopReply(chatKey);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "conflict")) throw error;
  }
}

class StreamRun {
  chatKey: string;
  assistantMessageId: string | null = null;
  hasEnded = false;
  isStopWanted = false;
  /**
   * Joined mid-way (a snapshot, not a meta): the stream never names the memories the reply drew
   * on, so its end is shown from the stored reply, which has them, rather than from the copy.
   */
  private hasJoined = false;
  private readonly store = useLiveReplyStore.getState();

  constructor(
    chatKey: string,
    private readonly queryClient: QueryClient,
    private readonly onChatCreated?: (chatId: string) => void,
  ) {
    this.chatKey = chatKey;
    runs.set(chatKey, this);
  }

  handle(event: ChatStreamEvent | ReplyStreamEvent): void {
    switch (event.name) {
      case "meta":
        if (event.data.chatId !== this.chatKey) this.moveToChat(event.data.chatId);
        this.assistantMessageId = event.data.assistantMessageId;
        this.store.update(this.chatKey, {
          userMessageId: event.data.userMessageId,
          assistantMessageId: event.data.assistantMessageId,
          memories: event.data.memories,
        });
        if (this.isStopWanted) void stopChatStream(this.chatKey).catch(() => {}); // A failed stop leaves the reply going, as shown.
        return;
      case "snapshot":
        this.hasJoined = true;
        this.assistantMessageId = event.data.messageId;
        this.store.begin(this.chatKey, { userText: null, retryOf: null });
        this.store.update(this.chatKey, { assistantMessageId: event.data.messageId, text: event.data.text });
        return;
      case "delta":
        if (!this.store.appendAt(this.chatKey, event.data.text, event.data.offset)) throw new MissedText();
        return;
      case "done":
        this.hasEnded = true;
        if (!this.hasJoined) this.store.update(this.chatKey, { status: event.data.finishReason === "stopped" ? "stopped" : "complete" });
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

  /** Waits until the stored chat shows how the reply ended, then drops the live copy. */
  async settle(): Promise<void> {
    runs.delete(this.chatKey);
    void this.queryClient.invalidateQueries({ queryKey: queryKeys.chats });
    void this.queryClient.invalidateQueries({ queryKey: queryKeys.usage });
    if (this.chatKey !== newChatKey) {
      const chatKey = queryKeys.chat(this.chatKey);
      for (let attempt = 0; attempt < settleAttempts; attempt++) {
        await this.queryClient.refetchQueries({ queryKey: chatKey, exact: true });
        const stored = this.queryClient
          .getQueryData<ChatWithMessages>(chatKey)
          ?.messages.find((message) => message.id === this.assistantMessageId);
        if (!this.assistantMessageId || (stored && stored.status !== "streaming")) break;
        await new Promise((resolve) => setTimeout(resolve, settleDelayMs));
      }
    }
    useLiveReplyStore.getState().finish(this.chatKey);
  }

  private moveToChat(chatId: string): void {
    runs.delete(this.chatKey);
    this.store.moveToChat(this.chatKey, chatId);
    this.chatKey = chatId;
    runs.set(chatId, this);
    void this.queryClient.invalidateQueries({ queryKey: queryKeys.chats });
    this.onChatCreated?.(chatId);
  }
}

/** A delta that starts past the text so far: the stream skipped something. */
class MissedText extends Error {}

interface RunChatStreamOptions {
  /** A chat id, or `newChatKey` to let the server create the chat. */
  chatKey: string;
  request: ChatRequest;
  queryClient: QueryClient;
  onChatCreated?: (chatId: string) => void;
}

/**
 * Streams one reply into the live-reply store, independent of any component, so it keeps going
 * while the page changes from `/chat` to `/chat/<id>`. Throws `ApiError` when the server refuses
 * the request before a reply exists (validation, rate limit, quota). Leaving the page does not
 * stop the reply: the server writes it to the end.
 */
export async function runChatStream(options: RunChatStreamOptions): Promise<void> {
  const { request, queryClient } = options;
  const run = new StreamRun(options.chatKey, queryClient, options.onChatCreated);
  useLiveReplyStore.getState().begin(run.chatKey, {
    userText: "message" in request ? request.message : null,
    retryOf: "retryOf" in request ? request.retryOf : null,
    editOf: "editOf" in request ? request.editOf : null,
  });

  try {
    for await (const event of streamChat(request)) {
      if (event.name === "error" && !run.assistantMessageId) throw new ApiError(500, event.data.code, event.data.message);
      run.handle(event);
    }
    if (!run.hasEnded) run.fail("The connection was lost before the reply finished. Reload to see it.");
  } catch (error) {
    if (!run.assistantMessageId) {
      runs.delete(run.chatKey);
      useLiveReplyStore.getState().finish(run.chatKey);
      throw error;
    }
    run.fail(error instanceof MissedText ? "Part of the reply was missed. Reload to see it." : describeError(error));
  }
  await run.settle();
}

/**
 * Shows a reply that another tab, device or an earlier page of this tab is having written, as it
 * grows (`GET /api/chats/:id/stream`), until it ends. Nothing happens when this tab already shows
 * a live reply in the chat.
 */
export async function followChatStream({ chatId, queryClient }: { chatId: string; queryClient: QueryClient }): Promise<void> {
  if (runs.has(chatId) || useLiveReplyStore.getState().replies[chatId]) return;
  // The live copy begins with the snapshot: until then the stored reply stays on screen.
  const run = new StreamRun(chatId, queryClient);
  try {
    for await (const event of followReply(chatId)) run.handle(event);
    if (run.assistantMessageId && !run.hasEnded) run.fail("The connection was lost before the reply finished. Reload to see it.");
  } catch (error) {
    if (run.assistantMessageId) run.fail(error instanceof MissedText ? "Part of the reply was missed. Reload to see it." : describeError(error));
  }
  await run.settle();
}
