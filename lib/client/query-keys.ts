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
  memorySearch: (query: string, limit: number, sources: readonly string[]) => ["memory-search", query, limit, sources.join(",")] as const,
  documents: ["documents"] as const,
  documentPassages: (id: string) => ["documents", id, "passages"] as const,
  settings: ["settings"] as const,
  usage: ["usage"] as const,
  shares: ["shares"] as const,
  apiKeys: ["api-keys"] as const,
  adminOverview: (minutes: number) => ["admin-overview", minutes] as const,
  /** Every admin listing of users, as a prefix. */
  adminUsers: ["admin-users"] as const,
  adminUserList: (q: string, sort: string, cursor: string | null) => ["admin-users", "list", q, sort, cursor] as const,
  adminUser: (id: string) => ["admin-users", "one", id] as const,
  adminPlans: ["admin-plans"] as const,
  adminAudit: ["admin-audit"] as const,
  /** Every admin overview window, as a prefix. */
  anyAdminOverview: ["admin-overview"] as const,
  feedbackInbox: (filter: object) => ["feedback-inbox", filter] as const,
  anyFeedbackInbox: ["feedback-inbox"] as const,
  weeklyReport: (week: string | null) => ["weekly-report", week] as const,
  alertThresholds: ["alert-thresholds"] as const,
};
