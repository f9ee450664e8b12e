import "server-only";
import { defaultModelId, findModel, listModels } from "@/lib/ai/models";
import { estimatePromptTokens } from "@/lib/ai/tokens";
import type { PromptMessage } from "@/lib/ai/types";
import { AppError, userError } from "@/lib/errors";
import { currentLeafOf, getMessageInChat, listBranchEndingAt, parentOf } from "@/lib/db/queries/branch";
import { createChat, getChatById, titleIfUntitled, updateChatById } from "@/lib/db/queries/chats";
import { attachmentsOf, listAttachableDocuments, type AttachableDocumentRow } from "@/lib/db/queries/documents";
import { createMessage } from "@/lib/db/queries/messages";
import { defaultModelOf } from "@/lib/db/queries/user-settings";
import type { MessageRow } from "@/lib/db/schema";
import type { Transaction } from "@/lib/db/client";
import type { SQL } from "drizzle-orm";
import type { Flight } from "@/lib/db/flight";
import type { DbUser } from "@/lib/db/transaction";
import { recallMemories, usableQuestionVector } from "@/lib/memory/recall";
import { embedQuery } from "@/lib/memory/search";
import type { UsedMemory } from "@/lib/memory/types";
import { getUserSettings } from "@/lib/settings/get-user-settings";
import { admitChatTurn, readTurnAllowance, reserveChatCharge, type ChatCharge } from "@/lib/usage/chat-charge";
import { buildPrompt } from "./prompt";
import { systemPrompt } from "./system-prompt";
import type { ModelInfo } from "./types";
import { titleFromMessage, untitledChatTitle } from "./title";

const contextMessages = 40;

/** `documentIds`: documents of the person's attached to the message, given to its reply (and to every retry of it). */
export type SendMessageInput =
  | { chatId?: string; message: string; model?: string; temporary?: boolean; documentIds?: string[] }
  | { chatId: string; message: string; editOf: string; model?: string; documentIds?: string[] }
  | { chatId: string; retryOf: string; model?: string };

export interface PreparedTurn {
  chatId: string;
  userMessageId: string;
  assistantMessageId: string;
  model: ModelInfo;
  prompt: PromptMessage[];
  memories: UsedMemory[];
  temperature: number;
  charge: ChatCharge;
}

export function resolveModel(id: string): ModelInfo {
  const model = findModel(id);
  if (!model) throw userError("invalid_input", `model: "${id}" is not offered here (see GET /api/models)`);
  return model;
}

/** The message an edit or a retry starts from: one of this chat's, of the kind the field names. */
function checkTurnTarget(input: SendMessageInput, target: MessageRow | null | undefined): void {
  if ("editOf" in input) {
    if (!target) throw userError("invalid_input", "editOf: not a message of this chat");
    if (target.role !== "user") throw userError("invalid_input", "editOf: only a message you sent can be edited (regenerate a reply with retryOf)");
  } else if ("retryOf" in input) {
    if (!target) throw userError("invalid_input", "retryOf: not a message of this chat");
    if (target.role !== "assistant") throw userError("invalid_input", "retryOf: only a reply can be regenerated (edit a message with editOf)");
    if (target.status === "streaming") throw userError("conflict", "That reply is still being written.");
  }
}

/**
 * Documents can be attached that are the person's, indexed, and in memory or given to this chat;
 * each refusal names the document and what to do (the transaction then rolls back, storing nothing).
 */
function checkAttachments(ids: string[], found: AttachableDocumentRow[] | undefined, chatId: string): void {
  const byId = new Map((found ?? []).map((row) => [row.id, row]));
  for (const id of ids) {
    const document = byId.get(id);
    if (!document) throw userError("invalid_input", `documentIds: no document of yours has the id ${id} (it may have been deleted); take it off and send again`);
    if (document.scope === "chat" && document.chat_id !== chatId) throw userError("invalid_input", `documentIds: “${document.name}” was added to another chat only`);
    if (document.status === "error") throw userError("invalid_input", `documentIds: “${document.name}” could not be read; retry it from Documents first`);
    if (document.uploaded_at === null) throw userError("conflict", `documentIds: “${document.name}” has not finished uploading`);
    if (document.status !== "ready") throw userError("conflict", `documentIds: “${document.name}” is still being indexed; send once it is ready`);
  }
}

/** Where the turn's new messages go in the chat's tree (lib/db/queries/branch.ts). */
function parentsOf(input: SendMessageInput, chatId: string, isNewChat: boolean): { question?: SQL | null; reply?: SQL } {
  if ("retryOf" in input) return { reply: parentOf(chatId, input.retryOf, "assistant") };
  if ("editOf" in input) return { question: parentOf(chatId, input.editOf, "user") };
  return { question: isNewChat ? null : currentLeafOf(chatId) };
}

/**
 * A chat turn in its one transaction as the user (lib/db/transaction.ts), before any model is
 * called, in two round trips:
 *
 * 1. the admission lock, the plan and the month's use; the settings; the chat (created, for a new
 *    one); the message an edit or retry starts from; the documents attached; the question (a new
 *    one goes below the chat's current leaf, or beside the message it edits); a `streaming`
 *    placeholder for the reply (below the question, or beside the reply it regenerates); the
 *    chat's current branch moved to it (and, for a chat made empty, its first message's title);
 *    and the branch that ends there, the model's context, all at once;
 * 2. once the month's allowance admits the turn and the question's vector is at hand (it was
 *    embedded meanwhile): the reservation of its maximum cost, tied to the reply, and the recall of
 *    memories from the person's other chats and documents (and of the documents attached to the
 *    question), with COMMIT (and the request's admission).
 *
 * An edit or retry of a message that is not one of this chat's (or not of its kind) is refused
 * after the first: the transaction rolls back, leaving nothing. The prompt follows the person's
 * settings and is kept within `promptTokens`, the size the reservation covers.
 */
export async function prepareTurn(
  tx: Transaction,
  flight: Flight,
  user: DbUser,
  input: SendMessageInput,
  { promptTokens, questionVector }: { promptTokens: number; questionVector?: Promise<number[]> },
): Promise<PreparedTurn> {
  const isNewChat = !input.chatId;
  const chatId = input.chatId ?? crypto.randomUUID();
  const questionId = "message" in input ? crypto.randomUUID() : undefined;
  const replyId = crypto.randomUUID();
  const userId = user.id;
  const targetId = "editOf" in input ? input.editOf : "retryOf" in input ? input.retryOf : undefined;
  const parents = parentsOf(input, chatId, isNewChat);
  const documentIds = "documentIds" in input ? (input.documentIds ?? []) : [];

  // Issued in order: the lock before the use it guards, the chat before its messages, the
  // question before its reply, the reply before the chat points at it and the branch is read.
  const chat =
    isNewChat && "message" in input
      ? createChat(tx, { id: chatId, userId, title: titleFromMessage(input.message), temporary: "temporary" in input ? input.temporary : undefined })
      : getChatById(tx, { id: chatId, userId });
  const [allowance, settings, , target, attachable, , , , branch] = await Promise.all([
    readTurnAllowance(tx, user),
    getUserSettings(tx, userId),
    chat,
    targetId ? getMessageInChat(tx, { id: targetId, chatId, userId }) : undefined,
    documentIds.length > 0 ? listAttachableDocuments(tx, { ids: documentIds, userId }) : undefined,
    questionId && "message" in input
      ? createMessage(tx, {
          id: questionId,
          chatId,
          parentId: parents.question,
          userId,
          role: "user",
          content: input.message,
          status: "complete",
          attachments: documentIds.length > 0 ? attachmentsOf({ ids: documentIds, userId }) : undefined,
        })
      : undefined,
    createMessage(tx, {
      id: replyId,
      chatId,
      parentId: parents.reply ?? questionId,
      userId,
      role: "assistant",
      content: "",
      model: input.model ?? defaultModelOf(userId, { offered: listModels().map((model) => model.id), fallback: defaultModelId() }),
      status: "streaming",
    }),
    updateChatById(tx, {
      id: chatId,
      userId,
      activeMessageId: replyId,
      title: !isNewChat && "message" in input && !("editOf" in input) ? titleIfUntitled(titleFromMessage(input.message), untitledChatTitle) : undefined,
    }),
    listBranchEndingAt(tx, { chatId, userId, messageId: replyId, limit: contextMessages + 1 }),
  ]).catch(async (error: unknown) => {
    // Another's chat or none: its messages are refused, and every statement after them too.
    if ((await chat.catch(() => undefined)) === null) throw new AppError("not_found");
    throw error;
  });
  checkTurnTarget(input, target);
  checkAttachments(documentIds, attachable, chatId);
  const model = resolveModel(input.model ?? settings.defaultModel);
  const asked = branch.at(-2);
  if (asked?.role !== "user") throw userError("invalid_input", "retryOf: the reply has no question to answer");
  const history = branch
    .slice(0, -1)
    .filter((message) => message.content.trim() !== "")
    .map((message): PromptMessage => ({ role: message.role, content: message.content }));
  const system = systemPrompt({ customInstructions: settings.systemPrompt, today: new Date() });
  const maxCostMicroUsd = admitChatTurn(allowance, model, promptTokens);
  // A retry's question is known only now: its embedding is awaited in the transaction, which holds
  // the user's own admission lock and one connection a moment longer (retries are rare).
  // Documents attached to the question are its context, memory on or off.
  const attachedIds = asked.attachments.map((attachment) => attachment.documentId);
  const vector = settings.memoryEnabled || attachedIds.length > 0 ? await usableQuestionVector(questionVector ?? embedQuery(asked.content)) : undefined;

  flight.commitWithThese();
  const [charge, recalled] = await Promise.all([
    reserveChatCharge(tx, user, {
      model: model.id,
      maxCostMicroUsd,
      messageId: replyId,
      // What an abandoned turn is settled with: its prompt without the memories recalled alongside.
      promptTokens: estimatePromptTokens(buildPrompt({ system, memories: [], history, budgetTokens: promptTokens }).prompt),
    }),
    vector ? recallMemories(tx, user, { question: asked.content, chatId, vector, attachedIds, fromMemory: settings.memoryEnabled }) : Promise.resolve([]),
  ]);
  const { prompt, memories } = buildPrompt({ system, memories: recalled, history, budgetTokens: promptTokens });
  return { chatId, userMessageId: asked.id, assistantMessageId: replyId, model, prompt, memories, temperature: settings.temperature, charge };
}
