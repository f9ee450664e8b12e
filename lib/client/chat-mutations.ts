import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { Chat, ChatList, ChatWithMessages } from "@/lib/chat/types";
import { deleteChat, renameChat } from "./api";
import { queryKeys } from "./query-keys";

export type ChatPages = InfiniteData<ChatList, string | null>;

function updateListedChats(queryClient: QueryClient, update: (chats: Chat[]) => Chat[]): void {
  queryClient.setQueryData<ChatPages>(
    queryKeys.chats,
    (data) => data && { ...data, pages: data.pages.map((page) => ({ ...page, chats: update(page.chats) })) },
  );
}

export function useRenameChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => renameChat(id, title),
    onSuccess: ({ chat }) => {
      updateListedChats(queryClient, (chats) => chats.map((listed) => (listed.id === chat.id ? chat : listed)));
      queryClient.setQueryData<ChatWithMessages>(queryKeys.chat(chat.id), (data) => data && { ...data, chat });
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
