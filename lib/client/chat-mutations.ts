import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { Chat, ChatList, ChatUpdate, ChatWithMessages } from "@/lib/chat/types";
import { deleteChat, updateChat } from "./api";
import { queryKeys } from "./query-keys";

export type ChatPages = InfiniteData<ChatList, string | null>;

/** Applies `update` to every cached listing: each filter and the Archived view. */
function updateListedChats(queryClient: QueryClient, update: (chats: Chat[]) => Chat[]): void {
  queryClient.setQueriesData<ChatPages>(
    { queryKey: queryKeys.chats },
    (data) => data && { ...data, pages: data.pages.map((page) => ({ ...page, chats: update(page.chats) })) },
  );
}

/** Renames, pins, archives or restores a chat, or takes it out of memory and back. */
export function useUpdateChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, update }: { id: string; update: ChatUpdate }) => updateChat(id, update),
    onSuccess: ({ chat }, { update }) => {
      // An archived or restored chat leaves the listing it was in at once; the server says where
      // it goes, and where a pinned or unpinned one now stands.
      const hasMoved = update.archived !== undefined || update.pinned !== undefined;
      updateListedChats(queryClient, (chats) =>
        update.archived !== undefined ? chats.filter((listed) => listed.id !== chat.id) : chats.map((listed) => (listed.id === chat.id ? chat : listed)),
      );
      queryClient.setQueryData<ChatWithMessages>(queryKeys.chat(chat.id), (data) => data && { ...data, chat });
      if (hasMoved) void queryClient.invalidateQueries({ queryKey: queryKeys.chats });
    },
  });
}

export function useDeleteChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteChat(id),
    // The open chat's cached messages stay until garbage collection, so the page does not flash
    // "not found" while it navigates away.
    onSuccess: (_nothing, id) => updateListedChats(queryClient, (chats) => chats.filter((chat) => chat.id !== id)),
  });
}
