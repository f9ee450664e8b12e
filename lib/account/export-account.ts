import "server-only";
import { AppError } from "@/lib/errors";
import {
  getProfileById,
  listAllChatsByUserId,
  listAllMessagesByUserId,
  listEmbeddingMetadataByUserId,
  tableExists,
} from "@/lib/db/queries/account";
import { listApiKeysByUserId } from "@/lib/db/queries/api-keys";
import { listDocumentsByUserId } from "@/lib/db/queries/documents";
import { listFeedbackByUserId } from "@/lib/db/queries/feedback";
import { listSharesByUserId } from "@/lib/db/queries/shares";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { presentChat, presentMessage, siblingIdsOf } from "@/lib/chat/present";
import type { ChatMessage } from "@/lib/chat/types";
import type { FeedbackRow } from "@/lib/db/schema";
import { presentDocument } from "@/lib/documents/documents";
import { presentApiKey } from "@/lib/keys/api-keys";
import { getUserSettings } from "@/lib/settings/get-user-settings";
import { presentShare } from "@/lib/share/shares";
import type { AccountExport } from "./types";

const presentFeedback = (row: FeedbackRow): AccountExport["feedback"][number] => ({
  id: row.id,
  kind: row.kind,
  rating: row.rating,
  page: row.page,
  messageId: row.messageId,
  vote: row.vote,
  comment: row.comment,
  userAgent: row.userAgent,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The export's privacy text: what it holds, what the operator keeps and what deletion leaves. */
export const accountExportPrivacy =
  "This file holds what you wrote and set: your profile, settings, chats, feedback, shared links, your documents (each with a link to download the file while you are signed in), your API keys (their names and dates, never their secrets) and which messages are indexed for memory. " +
  "The operator also keeps records of the account that are not in it: request counts and charges, your plan, limits and status, and alerts. " +
  "Deleting your account deletes all of that, with one exception: the operator's audit log of admin actions about your account (such as a plan change or a suspension) " +
  "keeps those entries with your account's id, and without your email address.";

/**
 * The person's data, read in one transaction so the parts agree with each other: profile,
 * settings, chats with their messages, feedback, shared links and document downloads (their urls
 * are built on `origin`), API keys and which messages are indexed. Not the
 * operator's records of them (usage, charges, plan, alerts).
 */
export async function exportAccount(user: DbUser, { origin }: { origin: string }): Promise<AccountExport> {
  return withUser(user, async (tx) => {
    const profile = await getProfileById(tx, { id: user.id });
    // A valid token of a deleted account: there is nothing left to export.
    if (!profile) throw new AppError("unauthorized", "export for a deleted account");
    const settings = await getUserSettings(tx, user.id);
    const chatRows = await listAllChatsByUserId(tx, { userId: user.id });
    const messageRows = await listAllMessagesByUserId(tx, { userId: user.id });
    const feedbackRows = await listFeedbackByUserId(tx, { userId: user.id });
    const shareRows = await listSharesByUserId(tx, { userId: user.id });
    const documentRows = await listDocumentsByUserId(tx, { userId: user.id });
    const apiKeyRows = await listApiKeysByUserId(tx, { userId: user.id });
    const embeddings = (await tableExists(tx, "public.message_embeddings"))
      ? await listEmbeddingMetadataByUserId(tx, { userId: user.id })
      : [];

    const votes = new Map(feedbackRows.flatMap((row) => (row.messageId && row.vote ? [[row.messageId, row.vote] as const] : [])));
    const messagesByChat = new Map<string, Omit<ChatMessage, "usage">[]>();
    // Every branch of every chat: the whole tree, each message with its parent and its versions.
    const siblingIds = siblingIdsOf(messageRows);
    for (const row of messageRows) {
      const list = messagesByChat.get(row.chatId) ?? [];
      const message = presentMessage(row, { vote: votes.get(row.id), siblingIds: siblingIds.get(row.id)! });
      // A reply's tokens and cost are the meter's figures, not the person's content.
      delete message.usage;
      list.push(message);
      messagesByChat.set(row.chatId, list);
    }

    return {
      format: "mneme-account-export",
      version: 2,
      exportedAt: new Date().toISOString(),
      privacy: accountExportPrivacy,
      profile: { id: profile.id, email: profile.email, displayName: profile.displayName, createdAt: profile.createdAt.toISOString() },
      settings,
      chats: chatRows.map((chat) => ({ ...presentChat(chat), messages: messagesByChat.get(chat.id) ?? [] })),
      feedback: feedbackRows.map(presentFeedback),
      shares: shareRows.map((row) => presentShare(row, origin)),
      // The files themselves are too big for this document: each is one signed-in download away.
      documents: documentRows.map((row) => ({ ...presentDocument(row), fileUrl: new URL(`/api/documents/${row.id}/file`, origin).toString() })),
      apiKeys: apiKeyRows.map(presentApiKey),
      memories: embeddings.map((row) => ({
        messageId: row.message_id,
        model: row.model,
        createdAt: new Date(row.created_at).toISOString(),
      })),
    };
  });
}
