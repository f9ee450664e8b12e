// The account export (`GET /api/account/export`), a versioned document the person downloads.

import type { Chat, ChatMessage } from "@/lib/chat/types";
import type { Vote } from "@/lib/feedback/types";
import type { UserSettings } from "@/lib/settings/types";

export interface AccountExport {
  format: "mneme-account-export";
  version: 1;
  exportedAt: string;
  profile: { id: string; email: string; displayName: string | null; createdAt: string };
  settings: UserSettings;
  chats: (Chat & { messages: ChatMessage[] })[];
  feedback: {
    id: string;
    kind: "rating" | "vote";
    rating: number | null;
    page: string | null;
    messageId: string | null;
    vote: Vote | null;
    comment: string | null;
    userAgent: string | null;
    createdAt: string;
    updatedAt: string;
  }[];
  /** Which messages are indexed for memory search, by which model (never the vectors). */
  memories: { messageId: string; model: string; createdAt: string }[];
  /**
   * Per-request usage records, once metering stores them. Until then this stays empty; each
   * assistant message carries its own token usage and cost.
   */
  usage: unknown[];
}
