import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChatWithMessages } from "@/lib/chat/types";
import type { ChangeEvent, ChangeHandlers, LiveSource } from "@/lib/realtime/types";
import type { ChatPages } from "./chat-mutations";
import { useLiveReplyStore } from "./live-reply-store";
import { queryKeys } from "./query-keys";
import { subscribeToServerChanges } from "./server-changes";

/** A reply streams a checkpoint a second and a turn writes several rows: gather them into one refetch. */
const batchMs = 150;

function isChatCached(queryClient: QueryClient, chatId: string): boolean {
  const listed = queryClient
    .getQueriesData<ChatPages>({ queryKey: queryKeys.chats })
    .some(([, data]) => data?.pages.some((page) => page.chats.some((chat) => chat.id === chatId)));
  return Boolean(listed) || queryClient.getQueryData<ChatWithMessages>(queryKeys.chat(chatId)) !== undefined;
}

/** Turns change events into query invalidations, a batch at a time; only what is on screen refetches. */
export function createInvalidator(queryClient: QueryClient) {
  let isListStale = false;
  let areAllChatsStale = false;
  const staleChats = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    if (isListStale) void queryClient.invalidateQueries({ queryKey: queryKeys.chats });
    if (areAllChatsStale) void queryClient.invalidateQueries({ queryKey: queryKeys.anyChat });
    else for (const chatId of staleChats) void queryClient.invalidateQueries({ queryKey: queryKeys.chat(chatId), exact: true });
    isListStale = false;
    areAllChatsStale = false;
    staleChats.clear();
  };
  const schedule = () => {
    timer ??= setTimeout(flush, batchMs);
  };

  const onChange = ({ table, type, chatId }: ChangeEvent) => {
    if (chatId === null) {
      areAllChatsStale = true;
    } else {
      // Supabase Realtime cannot filter DELETEs by owner: ignore chats this tab never saw.
      if (table === "chats" && type === "DELETE" && !isChatCached(queryClient, chatId)) return;
      if (table === "chats") isListStale = true;
      // A chat whose reply this tab is streaming is shown live, and refetched when the reply ends.
      if (!useLiveReplyStore.getState().replies[chatId]) staleChats.add(chatId);
    }
    schedule();
  };
  const onResync = () => {
    isListStale = true;
    areAllChatsStale = true;
    schedule();
  };
  return { handlers: { onChange, onResync } satisfies ChangeHandlers, cancel: () => clearTimeout(timer) };
}

/**
 * Keeps the chat list and the open chat in step with changes made elsewhere (other tabs, other
 * devices), from whichever source the server named: its own event stream (local mode) or
 * Supabase Realtime. Mount once, in the chat layout.
 */
export function useLiveSync(userId: string, source: LiveSource): void {
  const queryClient = useQueryClient();
  const path = source.kind === "server-events" ? source.path : null;
  const url = source.kind === "supabase-realtime" ? source.url : null;
  const publishableKey = source.kind === "supabase-realtime" ? source.publishableKey : null;

  useEffect(() => {
    const invalidator = createInvalidator(queryClient);
    let unsubscribe = () => {};
    let isCancelled = false;
    if (path) {
      unsubscribe = subscribeToServerChanges(path, userId, invalidator.handlers);
    } else if (url && publishableKey) {
      // Loaded only in the Supabase mode, so the local build's chat page does not carry the client.
      void import("./supabase-changes").then(({ subscribeToSupabaseChanges }) => {
        if (!isCancelled) unsubscribe = subscribeToSupabaseChanges({ url, publishableKey, userId }, invalidator.handlers);
      });
    }
    return () => {
      isCancelled = true;
      unsubscribe();
      invalidator.cancel();
    };
  }, [queryClient, userId, path, url, publishableKey]);
}
