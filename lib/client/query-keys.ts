import type { ChatListFilter } from "@/lib/chat/types";

export const queryKeys = {
  /** Every listing of chats (each filter and the Archived view), as a prefix. */
  chats: ["chats"] as const,
  chatList: ({ q = "", archived = false }: ChatListFilter) => ["chats", archived ? "archived" : "active", q] as const,
  chat: (id: string) => ["chat", id] as const,
  /** The pages of a chat's current branch before its newest page (which starts at `before`). */
  earlierMessages: (id: string, before: string | null) => ["chat", id, "earlier", before] as const,
  /** Every open chat's messages, as a prefix. */
  anyChat: ["chat"] as const,
  models: ["models"] as const,
  memorySearch: (query: string, limit: number) => ["memory-search", query, limit] as const,
  settings: ["settings"] as const,
  usage: ["usage"] as const,
  shares: ["shares"] as const,
  apiKeys: ["api-keys"] as const,
  adminOverview: (minutes: number) => ["admin-overview", minutes] as const,
};
