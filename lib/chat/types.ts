// Shapes of the chat API (API.md), shared by the server and the browser.

import type { Vote } from "@/lib/feedback/types";
import type { MessageAttachment } from "@/lib/db/types";
import type { UsedMemory } from "@/lib/memory/types";

export type { MessageAttachment };

export type MessageRole = "user" | "assistant";
export type MessageStatus = "streaming" | "complete" | "stopped" | "error";

/** The longest message a person may send (API.md). */
export const messageMaxLength = 8000;

export interface Chat {
  id: string;
  title: string;
  /** Never embedded, recalled or found by memory search; fixed when the chat is created. */
  temporary: boolean;
  /** False for a temporary chat and for one excluded from memory. */
  inMemory: boolean;
  pinned: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface ChatMessage {
  id: string;
  /** The message this one follows in the chat's tree; null for a first message. */
  parentId: string | null;
  /** Every version at this place in the tree (edits, regenerated replies), oldest first, itself included. */
  siblingIds: string[];
  role: MessageRole;
  content: string;
  model: string | null;
  status: MessageStatus;
  createdAt: string;
  /** Set on assistant replies that finished, stopped or failed. */
  usage?: Usage;
  /** Why a reply ended in `error` (`upstream`, `interrupted`, …). */
  errorCode?: string;
  /** The reader's own vote on an assistant reply, when they voted. */
  vote?: Vote;
  /** The memories from other chats and documents this reply was given. */
  memories?: UsedMemory[];
  /** The documents attached to a question (POST /api/chat's `documentIds`), by id and name. */
  attachments?: MessageAttachment[];
}

/** What `PATCH /api/chats/:id` may change. */
export interface ChatUpdate {
  title?: string;
  pinned?: boolean;
  archived?: boolean;
  inMemory?: boolean;
  /** Makes the branch through this message current, down to its newest leaf. */
  activeMessageId?: string;
}

/** Which chats `GET /api/chats` lists. */
export interface ChatListFilter {
  /** Title contains, case-insensitive. */
  q?: string;
  archived?: boolean;
}

export interface ChatList {
  chats: Chat[];
  nextCursor: string | null;
}

export interface ChatWithMessages {
  chat: Chat;
  /** The current branch (or the page of it asked for), oldest first. */
  messages: ChatMessage[];
  /** Pass as `before` for the messages earlier on the branch; null when these reach its start. */
  nextBefore: string | null;
}

/** How many messages of the current branch `GET /api/chats/:id` answers at most, and by default. */
export const chatPageLimits = { max: 200, default: 100 } as const;

export interface ModelInfo {
  id: string;
  label: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface ModelList {
  models: ModelInfo[];
  default: string;
}

/** Server-Sent Events of `POST /api/chat`. */
export interface ChatStreamEvents {
  meta: { chatId: string; userMessageId: string; assistantMessageId: string; model: string; memories: UsedMemory[] };
  /** `offset`: characters (UTF-16 code units, as JavaScript counts them) of the reply before `text`. */
  delta: { text: string; offset: number };
  /** `finishReason` is `stopped` when someone stopped the reply (POST /api/chats/:id/stop). */
  done: { finishReason: string; usage: Usage };
  error: { code: string; message: string };
}

/** Server-Sent Events of `GET /api/chats/:id/stream`: what exists so far, then as `POST /api/chat`. */
export interface ReplyStreamEvents {
  snapshot: { messageId: string; text: string };
  delta: ChatStreamEvents["delta"];
  done: ChatStreamEvents["done"];
  error: ChatStreamEvents["error"];
}

export interface SessionUser {
  id: string;
  email: string;
  isAdmin: boolean;
}

export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string };
}
