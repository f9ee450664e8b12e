"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { getChat } from "@/lib/client/api";
import type { ChatRequest } from "@/lib/client/chat-stream";
import { listDisplayMessages } from "@/lib/client/display-messages";
import { describeError } from "@/lib/client/http";
import { newChatKey, useLiveReplyStore } from "@/lib/client/live-reply-store";
import { queryKeys } from "@/lib/client/query-keys";
import { followChatStream, runChatStream, stopChatStream } from "@/lib/client/run-chat-stream";
import { useUiStore } from "@/lib/client/ui-store";
import { useSelectedModel } from "@/lib/client/use-models";
import { UsageBanner } from "@/components/usage/usage-banner";
import { ChatHeader } from "./chat-header";
import { ChatLoadError } from "./chat-load-error";
import { ChatSkeleton } from "./chat-skeleton";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { SendError } from "./send-error";

// The message list brings react-markdown and remark, most of a chat page's script, which the
// new-chat page never shows and a chat shows only once its messages arrive. It loads when the
// composer gets focus (someone about to write) or a list is to be shown; meanwhile the chat's
// skeleton stands in, so no reply is ever shown unformatted.
const loadMessageList = () => import("./message-list");
const MessageList = lazy(() => loadMessageList().then((module) => ({ default: module.MessageList })));
function preloadMessageList() {
  void loadMessageList();
}

/** One conversation; `chatId` null is a new chat that the first message creates. */
export function ChatView({ chatId }: { chatId: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  // Becomes the new chat's id when the server names it, before the route catches up.
  const [activeChatId, setActiveChatId] = useState(chatId);
  const [sendError, setSendError] = useState<string | null>(null);
  const [isTemporary, setIsTemporary] = useState(false);
  const chatKey = activeChatId ?? newChatKey;
  const model = useSelectedModel();
  const setDraft = useUiStore((state) => state.setDraft);
  const liveReply = useLiveReplyStore((state) => state.replies[chatKey]);

  const chat = useQuery({
    queryKey: queryKeys.chat(chatKey),
    queryFn: ({ signal }) => getChat(chatKey, signal),
    enabled: activeChatId !== null,
  });
  const messages = useMemo(() => listDisplayMessages(chat.data?.messages ?? [], liveReply), [chat.data, liveReply]);

  // A reply being written that this tab does not stream itself (a reload, another tab or device,
  // told by the live sync): follow it as it grows.
  const latest = chat.data?.messages.at(-1);
  const isWritingElsewhere = latest?.role === "assistant" && latest.status === "streaming" && liveReply === undefined;
  useEffect(() => {
    if (activeChatId && isWritingElsewhere) void followChatStream({ chatId: activeChatId, queryClient });
  }, [activeChatId, isWritingElsewhere, queryClient]);

  const startReply = useCallback(
    (request: ChatRequest, textToRestore?: string) => {
      setSendError(null);
      const showChat = (createdChatId: string) => {
        setActiveChatId(createdChatId);
        // Only if the person is still on the new-chat page; the stream runs on regardless.
        if (window.location.pathname === "/chat") router.replace(`/chat/${createdChatId}`);
      };
      runChatStream({ chatKey, request, queryClient, onChatCreated: showChat }).catch((error: unknown) => {
        setSendError(describeError(error));
        if (textToRestore) setDraft(chatKey, textToRestore);
      });
    },
    [chatKey, queryClient, router, setDraft],
  );

  const send = (text: string) =>
    startReply(activeChatId ? { chatId: activeChatId, message: text, model } : { message: text, model, temporary: isTemporary || undefined }, text);
  const retry = useCallback(
    (messageId: string) => {
      if (activeChatId) startReply({ chatId: activeChatId, retryOf: messageId, model });
    },
    [activeChatId, model, startReply],
  );

  const title = chat.data?.chat.title || (activeChatId ? "" : "New chat");

  function renderBody() {
    if (chat.isError && !liveReply) return <ChatLoadError error={chat.error} onRetry={() => chat.refetch()} />;
    if (chat.isLoading && !liveReply) return <ChatSkeleton />;
    if (messages.length === 0) {
      return <EmptyState onPickPrompt={send} temporary={activeChatId ? undefined : { isOn: isTemporary, onChange: setIsTemporary }} />;
    }
    return (
      <Suspense fallback={<ChatSkeleton />}>
        <MessageList messages={messages} isReplying={liveReply !== undefined} onRetry={retry} />
      </Suspense>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col" onFocus={preloadMessageList}>
      <ChatHeader title={title} chat={chat.data?.chat} isTemporary={isTemporary} />
      <UsageBanner />
      {renderBody()}
      {!(chat.isError && !liveReply) && (
        <>
          {sendError && <SendError message={sendError} onDismiss={() => setSendError(null)} />}
          <Composer
            chatKey={chatKey}
            isBusy={liveReply !== undefined}
            isStreaming={liveReply?.status === "streaming"}
            onSend={send}
            onStop={() => stopChatStream(chatKey).catch((error: unknown) => setSendError(describeError(error)))}
          />
        </>
      )}
    </div>
  );
}
