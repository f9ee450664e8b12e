import "server-only";
import { defaultModelId, findModel, listModels } from "@/lib/ai/models";
import { estimatePromptTokens } from "@/lib/ai/tokens";
import type { PromptMessage } from "@/lib/ai/types";
import { AppError, userError } from "@/lib/errors";
import { createChat, getChatById } from "@/lib/db/queries/chats";
import { createMessage, deleteMessageById, listRecentMessagesByChatId } from "@/lib/db/queries/messages";
import { defaultModelOf } from "@/lib/db/queries/user-settings";
import type { MessageRow } from "@/lib/db/schema";
import type { Transaction } from "@/lib/db/client";
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
import { titleFromMessage } from "./title";

const contextMessages = 40;

export type SendMessageInput =
  | { chatId?: string; message: string; model?: string; temporary?: boolean }
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

/** The question a retry answers again: the latest reply must be `replyId`, and finished. */
function questionOfRetry(recent: MessageRow[], replyId: string): MessageRow {
  const [question, reply] = recent.slice(-2);
  if (reply?.id !== replyId || reply.role !== "assistant") {
    throw userError("invalid_input", "retryOf: only the latest reply of the chat can be retried");
  }
  if (reply.status === "streaming") throw userError("conflict", "That reply is still being written.");
  if (question?.role !== "user") throw userError("invalid_input", "retryOf: the reply has no question to answer");
  return question;
}

/**
 * A chat turn in its one transaction as the user (lib/db/transaction.ts), before any model is
 * called, in two round trips (three for a retry):
 *
 * 1. the admission lock, the plan and the month's use; the settings; the chat (created, for a new
 *    one); the question; the history; and a `streaming` placeholder for the reply, all at once;
 * 2. once the month's allowance admits the turn and the question's vector is at hand (it was
 *    embedded meanwhile): the reservation of its maximum cost, tied to the reply, and the recall of
 *    memories from the person's other chats, with COMMIT (and the request's admission).
 *
 * A retry takes back the latest reply between the two. The prompt follows the person's settings
 * and is kept within `promptTokens`, the size the reservation covers.
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

  // Issued in order: the lock before the use it guards, the chat before its messages, the
  // question before its reply (their order in the chat). The history is read around them, so the
  // new messages are left out of it by id.
  const chat =
    isNewChat && "message" in input
      ? createChat(tx, { id: chatId, userId, title: titleFromMessage(input.message), temporary: input.temporary })
      : getChatById(tx, { id: chatId, userId });
  const [allowance, settings, , question, recent] = await Promise.all([
    readTurnAllowance(tx, user),
    getUserSettings(tx, userId),
    chat,
    questionId && "message" in input
      ? createMessage(tx, { id: questionId, chatId, userId, role: "user", content: input.message, status: "complete" })
      : undefined,
    listRecentMessagesByChatId(tx, { chatId, userId, limit: contextMessages + 1 }),
    createMessage(tx, {
      id: replyId,
      chatId,
      userId,
      role: "assistant",
      content: "",
      model: input.model ?? defaultModelOf(userId, { offered: listModels().map((model) => model.id), fallback: defaultModelId() }),
      status: "streaming",
    }),
  ]).catch(async (error: unknown) => {
    // Another's chat or none: its messages are refused, and every statement after them too.
    if ((await chat.catch(() => undefined)) === null) throw new AppError("not_found");
    throw error;
  });
  const model = resolveModel(input.model ?? settings.defaultModel);
  const earlier = recent.filter((message) => message.id !== questionId && message.id !== replyId);
  const retried = "retryOf" in input ? input.retryOf : undefined;
  const asked = question ?? questionOfRetry(earlier, retried!);
  // A retry replaces the chat's latest reply: it is removed, and its question answered again.
  if (retried) await deleteMessageById(tx, { id: retried, userId });
  const history = [...earlier.filter((message) => message.id !== asked.id && message.id !== retried), asked]
    .slice(-contextMessages)
    .filter((message) => message.content.trim() !== "")
    .map((message): PromptMessage => ({ role: message.role, content: message.content }));
  const system = systemPrompt({ customInstructions: settings.systemPrompt, today: new Date() });
  const maxCostMicroUsd = admitChatTurn(allowance, model, promptTokens);
  // A retry's question is known only now: its embedding is awaited in the transaction, which holds
  // the user's own admission lock and one connection a moment longer (retries are rare).
  const vector = settings.memoryEnabled ? await usableQuestionVector(questionVector ?? embedQuery(asked.content)) : undefined;

  flight.commitWithThese();
  const [charge, recalled] = await Promise.all([
    reserveChatCharge(tx, user, {
      model: model.id,
      maxCostMicroUsd,
      messageId: replyId,
      // What an abandoned turn is settled with: its prompt without the memories recalled alongside.
      promptTokens: estimatePromptTokens(buildPrompt({ system, memories: [], history, budgetTokens: promptTokens }).prompt),
    }),
    vector ? recallMemories(tx, user, { question: asked.content, chatId, vector }) : Promise.resolve([]),
  ]);
  const { prompt, memories } = buildPrompt({ system, memories: recalled, history, budgetTokens: promptTokens });
  return { chatId, userMessageId: asked.id, assistantMessageId: replyId, model, prompt, memories, temperature: settings.temperature, charge };
}
