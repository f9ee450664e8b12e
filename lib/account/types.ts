// The account export (`GET /api/account/export`), a versioned document the person downloads: what
// they wrote and set (profile, settings, chats and messages, feedback). The operator's records of
// them (usage, charges, plan, alerts) are not theirs to take along and stay out; version 2 dropped
// the empty `usage` list and each reply's tokens and cost.

import type { Chat, ChatMessage } from "@/lib/chat/types";
import type { DocumentInfo } from "@/lib/documents/types";
import type { Vote } from "@/lib/feedback/types";
import type { ApiKey } from "@/lib/keys/types";
import type { UserSettings } from "@/lib/settings/types";
import type { ShareListItem } from "@/lib/share/types";

export interface AccountExport {
  format: "mneme-account-export";
  version: 2;
  exportedAt: string;
  /** What this file holds, and what the operator keeps of the account, in words. */
  privacy: string;
  profile: { id: string; email: string; displayName: string | null; createdAt: string };
  settings: UserSettings;
  chats: (Chat & { messages: Omit<ChatMessage, "usage">[] })[];
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
  /** The links the person made to snapshots of their chats (the snapshots are copies of `chats`). */
  shares: ShareListItem[];
  /** The person's documents; `fileUrl` downloads one (it asks for the person's own session). */
  documents: (DocumentInfo & { fileUrl: string })[];
  /** The person's API keys that are not revoked: names, prefixes and dates, never a secret. */
  apiKeys: ApiKey[];
  /** Which messages are indexed for memory search, by which model (never the vectors). */
  memories: { messageId: string; model: string; createdAt: string }[];
}
