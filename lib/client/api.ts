import type { FeedbackInbox, FeedbackInboxFilter } from "@/lib/admin/feedback-types";
import type { WeeklyReport } from "@/lib/admin/report-types";
import type { AdminOverview } from "@/lib/admin/types";
import type { AdminUserDetail, AdminUserList, AuditPage, OwnLimits, Plan } from "@/lib/admin/management-types";
import type { AlertThresholdName, AlertThresholdSetting } from "@/lib/alerts/threshold-types";
import type { AcknowledgedAlert } from "@/lib/alerts/types";
import type { Chat, ChatList, ChatListFilter, ChatUpdate, ChatWithMessages, ModelList } from "@/lib/chat/types";
import type { FeedbackInput } from "@/lib/feedback/types";
import type { DocumentAllowance, DocumentInfo, DocumentPassage } from "@/lib/documents/types";
import type { MemorySearchResult, MemorySource } from "@/lib/memory/types";
import type { SettingsUpdate, UserSettings } from "@/lib/settings/types";
import type { CreatedShare, ShareListItem } from "@/lib/share/types";
import type { ApiKey, CreatedApiKey } from "@/lib/keys/types";
import type { UsageReport } from "@/lib/usage/types";
import { directUploadMaxBytes } from "@/lib/documents/types";
import { ApiError, requestJson, toApiError } from "./http";

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

export const listAdminUsers = ({ q, sort, cursor }: { q: string; sort: string; cursor: string | null }, signal?: AbortSignal) => {
  const query = new URLSearchParams({ sort, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
  return requestJson<AdminUserList>(`/api/admin/users?${query}`, { signal });
};

export const getAdminUser = (id: string, signal?: AbortSignal) => requestJson<AdminUserDetail>(`/api/admin/users/${encodeURIComponent(id)}`, { signal });

export const updateAdminUser = (id: string, change: { plan?: string; limits?: OwnLimits | null; status?: "active" | "suspended" }) =>
  requestJson<AdminUserDetail>(`/api/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", body: change });

export const listAdminPlans = (signal?: AbortSignal) => requestJson<{ plans: Plan[] }>("/api/admin/plans", { signal });

export type PlanFields = Omit<Plan, "users" | "editedAt" | "id">;

export const createAdminPlan = (plan: PlanFields & { id: string }) => requestJson<{ plan: Plan }>("/api/admin/plans", { method: "POST", body: plan });

export const updateAdminPlan = (id: string, change: Partial<PlanFields>) =>
  requestJson<{ plan: Plan }>(`/api/admin/plans/${encodeURIComponent(id)}`, { method: "PATCH", body: change });

export const deleteAdminPlan = (id: string) => requestJson<void>(`/api/admin/plans/${encodeURIComponent(id)}`, { method: "DELETE" });

export const listAdminAudit = (signal?: AbortSignal) => requestJson<AuditPage>("/api/admin/audit?limit=20", { signal });
/** The inbox filters as a query string (empty values left out), for the list and its CSV export alike. */
export function feedbackFilterQuery(filter: FeedbackInboxFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}

export function listFeedbackInbox(filter: FeedbackInboxFilter, cursor: string | null, signal?: AbortSignal): Promise<FeedbackInbox> {
  const params = feedbackFilterQuery(filter);
  if (cursor) params.set("cursor", cursor);
  return requestJson<FeedbackInbox>(`/api/admin/feedback?${params}`, { signal });
}

export const feedbackExportPath = (filter: FeedbackInboxFilter) => `/api/admin/feedback.csv?${feedbackFilterQuery(filter)}`;

export const reviewFeedback = (id: string, reviewed: boolean) =>
  requestJson<{ id: string; reviewed: boolean; reviewedAt: string | null }>(`/api/admin/feedback/${encodeURIComponent(id)}`, { method: "PATCH", body: { reviewed } });

export const getWeeklyReport = (week: string | null, signal?: AbortSignal) =>
  requestJson<WeeklyReport>(`/api/admin/reports/weekly${week ? `?week=${encodeURIComponent(week)}` : ""}`, { signal });

export const weeklyReportExportPath = (week: string) => `/api/admin/reports/weekly.csv?week=${encodeURIComponent(week)}`;

export const acknowledgeAlert = (id: string) =>
  requestJson<AcknowledgedAlert>(`/api/admin/alerts/${encodeURIComponent(id)}`, { method: "PATCH", body: { acknowledged: true } });

export const getAlertThresholds = (signal?: AbortSignal) => requestJson<{ thresholds: AlertThresholdSetting[] }>("/api/admin/alert-thresholds", { signal });

export const updateAlertThresholds = (update: Partial<Record<AlertThresholdName, number | null>>) =>
  requestJson<{ thresholds: AlertThresholdSetting[] }>("/api/admin/alert-thresholds", { method: "PATCH", body: update });

export const updateSettings = (update: SettingsUpdate) =>
  requestJson<UserSettings>("/api/settings", { method: "PATCH", body: update });

export const sendFeedback = (feedback: FeedbackInput) =>
  requestJson<{ id: string }>("/api/feedback", { method: "POST", body: feedback });

export const withdrawVote = (messageId: string) =>
  requestJson<void>(`/api/feedback/votes/${encodeURIComponent(messageId)}`, { method: "DELETE" });

export const deleteAccount = () => requestJson<void>("/api/account", { method: "DELETE" });

export const accountExportPath = "/api/account/export";

export const searchMemory = (query: string, limit: number, sources: readonly MemorySource[], signal?: AbortSignal) =>
  requestJson<{ results: MemorySearchResult[] }>("/api/memory/search", { method: "POST", body: { query, limit, sources }, signal });

export const listDocuments = (signal?: AbortSignal) => requestJson<{ documents: DocumentInfo[] } & DocumentAllowance>("/api/documents", { signal });

type DocumentPlace = { scope: "memory" } | { scope: "chat"; chatId: string };

/**
 * Uploads a file as a document: in the request body when it fits one (a form, as POST
 * /api/documents reads it), otherwise through a signed upload URL (POST /api/documents/uploads,
 * the bytes sent there, then POST /api/documents/:id/uploaded). A signed upload that fails on
 * the way is deleted again, so no half-made document stays behind.
 */
export async function uploadDocument(file: File, place: DocumentPlace = { scope: "memory" }): Promise<{ document: DocumentInfo }> {
  if (file.size > directUploadMaxBytes) return uploadThroughSignedUrl(file, place);
  const form = new FormData();
  form.set("file", file);
  if (place.scope === "chat") {
    form.set("scope", "chat");
    form.set("chatId", place.chatId);
  }
  const response = await fetch("/api/documents", { method: "POST", body: form, credentials: "same-origin" });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as { document: DocumentInfo };
}

interface StartedUpload {
  document: DocumentInfo;
  upload: { url: string; method: string; headers: Record<string, string> };
}

async function uploadThroughSignedUrl(file: File, place: DocumentPlace): Promise<{ document: DocumentInfo }> {
  const { document, upload } = await requestJson<StartedUpload>("/api/documents/uploads", {
    method: "POST",
    body: { name: file.name, bytes: file.size, mimeType: file.type, ...place },
  });
  try {
    // The URL is Storage's (or the app's own in the local mode): it answers in its own shape.
    const sent = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file }).catch(() => null);
    if (!sent?.ok) {
      throw new ApiError(sent?.status ?? 0, "upload_failed", sent?.status === 413 ? "The file is larger than storage takes." : "The file could not be sent. Check your connection and try again.");
    }
    return await requestJson<{ document: DocumentInfo }>(`/api/documents/${encodeURIComponent(document.id)}/uploaded`, { method: "POST" });
  } catch (error) {
    // A file refused at the check went with its document; any other failure leaves one to delete.
    await deleteDocument(document.id).catch(() => {});
    throw error;
  }
}

export const getDocument = (id: string, signal?: AbortSignal) => requestJson<{ document: DocumentInfo }>(`/api/documents/${encodeURIComponent(id)}`, { signal });

/** An empty chat, for files attached "for this chat only" before its first message. */
export const createChat = (fields: { temporary?: boolean }) => requestJson<{ chat: Chat }>("/api/chats", { method: "POST", body: fields });

export const retryDocument = (id: string) =>
  requestJson<{ document: DocumentInfo }>(`/api/documents/${encodeURIComponent(id)}/retry`, { method: "POST" });

export const deleteDocument = (id: string) => requestJson<void>(`/api/documents/${encodeURIComponent(id)}`, { method: "DELETE" });

export const getDocumentPassages = (id: string, signal?: AbortSignal) =>
  requestJson<{ document: DocumentInfo; passages: DocumentPassage[] }>(`/api/documents/${encodeURIComponent(id)}/passages`, { signal });

export const documentFilePath = (id: string) => `/api/documents/${encodeURIComponent(id)}/file`;

export const shareChat = (chatId: string) =>
  requestJson<{ share: CreatedShare }>(`/api/chats/${encodeURIComponent(chatId)}/shares`, { method: "POST" });

export const listShares = (signal?: AbortSignal) => requestJson<{ shares: ShareListItem[] }>("/api/shares", { signal });

export const revokeShare = (id: string) => requestJson<void>(`/api/shares/${encodeURIComponent(id)}`, { method: "DELETE" });

export const copySharedChat = (token: string) =>
  requestJson<{ chat: Chat }>(`/api/share/${encodeURIComponent(token)}/copy`, { method: "POST" });

export const listApiKeys = (signal?: AbortSignal) => requestJson<{ keys: ApiKey[] }>("/api/keys", { signal });

export const createApiKey = (input: { name: string; expiresAt?: string }) => requestJson<CreatedApiKey>("/api/keys", { method: "POST", body: input });

export const revokeApiKey = (id: string) => requestJson<void>(`/api/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
