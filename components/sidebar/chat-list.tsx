"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import type { ChatListFilter } from "@/lib/chat/types";
import { listChats } from "@/lib/client/api";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import { ChatListItem } from "./chat-list-item";
import { LoadMoreChats } from "./load-more-chats";

function ChatListSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading chats" className="flex flex-col gap-2 px-3 py-2">
      {[70, 55, 80, 45, 65].map((width) => (
        <div key={width} className="h-4 animate-pulse rounded bg-raised" style={{ width: `${width}%` }} />
      ))}
    </div>
  );
}

function emptyMessage({ q, archived }: ChatListFilter): string {
  if (q) return archived ? `No archived chats match “${q}”.` : `No chats match “${q}”.`;
  return archived ? "No archived chats. Archive a chat from its menu to keep it out of the list." : "No chats yet. Your conversations will appear here.";
}

/** The person's chats, or their archived ones, whose titles contain `q`; pinned first. */
export function ChatList({ filter, onNavigate }: { filter: ChatListFilter; onNavigate: () => void }) {
  const { id: activeChatId } = useParams<{ id?: string }>();
  const chats = useInfiniteQuery({
    queryKey: queryKeys.chatList(filter),
    queryFn: ({ pageParam, signal }) => listChats(pageParam, filter, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // While a new filter's answer is on its way, the last one stays instead of a skeleton per keystroke.
    placeholderData: keepPreviousData,
  });

  if (chats.isPending) return <ChatListSkeleton />;

  if (chats.isError) {
    return (
      <div role="alert" className="flex flex-col items-start gap-2 px-3 py-2 text-sm">
        <p className="text-danger">{describeError(chats.error)}</p>
        <button type="button" onClick={() => chats.refetch()} className="font-medium underline underline-offset-2">
          Try again
        </button>
      </div>
    );
  }

  const listed = chats.data.pages.flatMap((page) => page.chats);
  if (listed.length === 0) {
    return (
      <p role="status" className="px-3 py-2 text-sm text-text-muted">
        {emptyMessage(filter)}
      </p>
    );
  }

  return (
    <>
      <ul aria-busy={chats.isPlaceholderData} className="flex flex-col gap-0.5">
        {listed.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} isActive={chat.id === activeChatId} onNavigate={onNavigate} />
        ))}
      </ul>
      {chats.hasNextPage && (
        <LoadMoreChats isLoading={chats.isFetchingNextPage} onLoadMore={() => chats.fetchNextPage()} />
      )}
    </>
  );
}
