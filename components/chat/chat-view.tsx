"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { deleteMessage, getChat, updateChat } from "@/lib/client/api";
import type { ChatRequest } from "@/lib/client/chat-stream";
import { listDisplayMessages } from "@/lib/client/display-messages";
import { describeError } from "@/lib/client/http";
import { newChatKey, useLiveReplyStore } from "@/lib/client/live-reply-store";
import { queryKeys } from "@/lib/client/query-keys";
import { followChatStream, runChatStream, stopChatStream } from "@/lib/client/run-chat-stream";
import { useUiStore } from "@/lib/client/ui-store";
import { useAttachments } from "@/lib/client/use-attachments";
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

  // The newest messages of the current branch; earlier ones page by page, once the person scrolls
  // up (keyed by where the newest page starts, so another branch starts afresh).
  const chat = useQuery({
    queryKey: queryKeys.chat(chatKey),
    queryFn: ({ signal }) => getChat(chatKey, signal),
    enabled: activeChatId !== null,
  });
  const nextBefore = chat.data?.nextBefore ?? null;
  const [wantsEarlier, setWantsEarlier] = useState(false);
  const earlierPages = useInfiniteQuery({
    queryKey: queryKeys.earlierMessages(chatKey, nextBefore),
    queryFn: ({ pageParam, signal }) => getChat(chatKey, signal, { before: pageParam }),
    initialPageParam: nextBefore ?? "",
    getNextPageParam: (page) => page.nextBefore ?? undefined,
    enabled: wantsEarlier && nextBefore !== null,
  });
  const { fetchNextPage, hasNextPage, isFetching: isFetchingEarlier } = earlierPages;
  const messages = useMemo(() => {
    const earlier = [...(earlierPages.data?.pages ?? [])].reverse().flatMap((page) => page.messages);
    return listDisplayMessages([...earlier, ...(chat.data?.messages ?? [])], liveReply);
  }, [chat.data, earlierPages.data, liveReply]);
  const hasEarlier = nextBefore !== null && (earlierPages.data === undefined || hasNextPage);
  const loadEarlier = useCallback(() => {
    if (isFetchingEarlier) return;
    if (!wantsEarlier) setWantsEarlier(true);
    else void fetchNextPage();
  }, [fetchNextPage, isFetchingEarlier, wantsEarlier]);

  // A reply being written that this tab does not stream itself (a reload, another tab or device,
  // told by the live sync): follow it as it grows.
  const latest = chat.data?.messages.at(-1);
  const isWritingElsewhere = latest?.role === "assistant" && latest.status === "streaming" && liveReply === undefined;
  useEffect(() => {
    if (activeChatId && isWritingElsewhere) void followChatStream({ chatId: activeChatId, queryClient });
  }, [activeChatId, isWritingElsewhere, queryClient]);

  const startReply = useCallback(
    (request: ChatRequest, textToRestore?: string, onRefused?: () => void) => {
      setSendError(null);
      const showChat = (createdChatId: string) => {
        setActiveChatId(createdChatId);
        // Only if the person is still on the new-chat page; the stream runs on regardless.
        if (window.location.pathname === "/chat") router.replace(`/chat/${createdChatId}`);
      };
      runChatStream({ chatKey, request, queryClient, onChatCreated: showChat }).catch((error: unknown) => {
        setSendError(describeError(error));
        if (textToRestore) setDraft(chatKey, textToRestore);
        onRefused?.();
      });
    },
    [chatKey, queryClient, router, setDraft],
  );

  // Files attached in a temporary chat, new or not, are for it only.
  const attachments = useAttachments({ chatId: activeChatId, isTemporary: chat.data?.chat.temporary ?? isTemporary });
  const send = (text: string) => {
    // A file for this chat only made the new chat already: the message goes to it.
    const { documentIds, chatId: chatForFiles, putBack } = attachments.take();
    const attached = documentIds.length > 0 ? { documentIds } : {};
    const chatId = activeChatId ?? chatForFiles;
    const request: ChatRequest = chatId ? { chatId, message: text, model, ...attached } : { message: text, model, temporary: isTemporary || undefined, ...attached };
    startReply(request, text, putBack);
  };
  const retry = useCallback(
    (messageId: string, chosenModel?: string) => {
      if (activeChatId) startReply({ chatId: activeChatId, retryOf: messageId, model: chosenModel ?? model });
    },
    [activeChatId, model, startReply],
  );
  const edit = useCallback(
    (messageId: string, text: string) => {
      if (!activeChatId) return;
      // A new version of a question keeps the files the question had.
      const documentIds = messages.find((message) => message.id === messageId)?.attachments?.map((attachment) => attachment.documentId) ?? [];
      startReply({ chatId: activeChatId, editOf: messageId, message: text, model, ...(documentIds.length > 0 ? { documentIds } : {}) });
    },
    [activeChatId, messages, model, startReply],
  );

  // The chat's current branch is stored, so a reload, another tab or device shows the same one.
  const refreshBranch = useCallback(() => queryClient.invalidateQueries({ queryKey: queryKeys.chat(chatKey) }), [chatKey, queryClient]);
  const switchBranch = useCallback(
    async (messageId: string) => {
      setSendError(null);
      try {
        await updateChat(chatKey, { activeMessageId: messageId });
        await refreshBranch();
      } catch (error) {
        setSendError(describeError(error));
      }
    },
    [chatKey, refreshBranch],
  );
  const removeMessage = useCallback(
    async (messageId: string) => {
      await deleteMessage(chatKey, messageId);
      await refreshBranch();
    },
    [chatKey, refreshBranch],
  );
  // A link to a message that is not shown (a memory): earlier on this branch, or on another one,
  // which then becomes current. Followed once per message.
  const followedLinkRef = useRef<string | null>(null);
  const showLinkedMessage = useCallback(
    (messageId: string) => {
      if (!chat.data || isFetchingEarlier) return;
      if (hasEarlier) return loadEarlier();
      if (followedLinkRef.current === messageId) return;
      followedLinkRef.current = messageId;
      void switchBranch(messageId);
    },
    [chat.data, hasEarlier, isFetchingEarlier, loadEarlier, switchBranch],
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
        <MessageList
          messages={messages}
          isReplying={liveReply !== undefined}
          earlier={{
            hasMore: hasEarlier,
            isLoading: isFetchingEarlier,
            error: earlierPages.isError ? describeError(earlierPages.error) : null,
            load: loadEarlier,
          }}
          onRetry={retry}
          onEdit={edit}
          onSwitch={switchBranch}
          onDelete={removeMessage}
          onLinkNotShown={showLinkedMessage}
        />
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
            attachments={attachments}
            onStop={() => stopChatStream(chatKey).catch((error: unknown) => setSendError(describeError(error)))}
          />
        </>
      )}
    </div>
  );
}
