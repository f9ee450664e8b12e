import type { AdminOverview } from "@/lib/admin/types";
import type { Chat, ChatList, ChatListFilter, ChatUpdate, ChatWithMessages, ModelList } from "@/lib/chat/types";
import type { FeedbackInput } from "@/lib/feedback/types";
import type { MemoryResult } from "@/lib/memory/types";
import type { SettingsUpdate, UserSettings } from "@/lib/settings/types";
import type { CreatedShare, ShareListItem } from "@/lib/share/types";
import type { ApiKey, CreatedApiKey } from "@/lib/keys/types";
import type { UsageReport } from "@/lib/usage/types";
import { requestJson } from "./http";

export interface Credentials {
  email: string;
  password: string;
  captchaToken?: string;
}

export const logIn = (credentials: Credentials) =>
  requestJson<unknown>("/api/auth/login", { method: "POST", body: credentials });

export const signUp = (credentials: Credentials) =>
  requestJson<unknown>("/api/auth/signup", { method: "POST", body: credentials });

export const logOut = () => requestJson<void>("/api/auth/logout", { method: "POST" });

export const chatsPageSize = 30;

export function listChats(cursor: string | null, { q, archived }: ChatListFilter, signal?: AbortSignal): Promise<ChatList> {
  const query = new URLSearchParams({ limit: String(chatsPageSize) });
  if (cursor) query.set("cursor", cursor);
  if (q) query.set("q", q);
  if (archived) query.set("archived", "true");
  return requestJson<ChatList>(`/api/chats?${query}`, { signal });
}

/** The chat and the newest messages of its current branch, or those before `before`. */
export function getChat(id: string, signal?: AbortSignal, { before }: { before?: string } = {}): Promise<ChatWithMessages> {
  const query = before ? `?${new URLSearchParams({ before })}` : "";
  return requestJson<ChatWithMessages>(`/api/chats/${encodeURIComponent(id)}${query}`, { signal });
}

export const deleteMessage = (chatId: string, messageId: string) =>
  requestJson<void>(`/api/chats/${encodeURIComponent(chatId)}/messages/${encodeURIComponent(messageId)}`, { method: "DELETE" });

export const updateChat = (id: string, update: ChatUpdate) =>
  requestJson<{ chat: Chat }>(`/api/chats/${encodeURIComponent(id)}`, { method: "PATCH", body: update });

export const deleteChat = (id: string) =>
  requestJson<void>(`/api/chats/${encodeURIComponent(id)}`, { method: "DELETE" });

/** Stops the reply being written in the chat, whichever tab or device writes it; 409 when none is. */
export const stopReply = (chatId: string) =>
  requestJson<void>(`/api/chats/${encodeURIComponent(chatId)}/stop`, { method: "POST" });

export const listModels = (signal?: AbortSignal) => requestJson<ModelList>("/api/models", { signal });

export const getSettings = (signal?: AbortSignal) => requestJson<UserSettings>("/api/settings", { signal });

export const getUsage = (signal?: AbortSignal) => requestJson<UsageReport>("/api/usage", { signal });

export const getAdminOverview = (minutes: number, signal?: AbortSignal) =>
  requestJson<AdminOverview>(`/api/admin/overview?minutes=${minutes}`, { signal });

export const billingExportPath = "/api/admin/usage.csv";

export const updateSettings = (update: SettingsUpdate) =>
  requestJson<UserSettings>("/api/settings", { method: "PATCH", body: update });

export const sendFeedback = (feedback: FeedbackInput) =>
  requestJson<{ id: string }>("/api/feedback", { method: "POST", body: feedback });

export const withdrawVote = (messageId: string) =>
  requestJson<void>(`/api/feedback/votes/${encodeURIComponent(messageId)}`, { method: "DELETE" });

export const deleteAccount = () => requestJson<void>("/api/account", { method: "DELETE" });

export const accountExportPath = "/api/account/export";

export const searchMemory = (query: string, limit: number, signal?: AbortSignal) =>
  requestJson<{ results: MemoryResult[] }>("/api/memory/search", { method: "POST", body: { query, limit }, signal });

export const shareChat = (chatId: string) =>
  requestJson<{ share: CreatedShare }>(`/api/chats/${encodeURIComponent(chatId)}/shares`, { method: "POST" });

export const listShares = (signal?: AbortSignal) => requestJson<{ shares: ShareListItem[] }>("/api/shares", { signal });

export const revokeShare = (id: string) => requestJson<void>(`/api/shares/${encodeURIComponent(id)}`, { method: "DELETE" });

export const copySharedChat = (token: string) =>
  requestJson<{ chat: Chat }>(`/api/share/${encodeURIComponent(token)}/copy`, { method: "POST" });

export const listApiKeys = (signal?: AbortSignal) => requestJson<{ keys: ApiKey[] }>("/api/keys", { signal });

export const createApiKey = (input: { name: string; expiresAt?: string }) => requestJson<CreatedApiKey>("/api/keys", { method: "POST", body: input });

export const revokeApiKey = (id: string) => requestJson<void>(`/api/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
