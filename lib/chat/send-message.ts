import "server-only";
import { findModel } from "@/lib/ai/models";
import type { PromptMessage } from "@/lib/ai/types";
import { AppError, userError } from "@/lib/errors";
import { createChat, getChatById } from "@/lib/db/queries/chats";
import { createMessage, deleteMessageById, listRecentMessagesByChatId } from "@/lib/db/queries/messages";
import type { Transaction } from "@/lib/db/client";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { recallMemories } from "@/lib/memory/recall";
import { embedQuery } from "@/lib/memory/search";
import type { UsedMemory } from "@/lib/memory/types";
import { getUserSettings } from "@/lib/settings/get-user-settings";
import { beginForegroundWork } from "@/lib/jobs/foreground";
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
  /** Ends the turn's foreground mark; the reply stream calls it when it closes. */
  release: () => void;
}

function resolveModel(id: string): ModelInfo {
  const model = findModel(id);
  if (!model) throw userError("invalid_input", `model: "${id}" is not offered here (see GET /api/models)`);
  return model;
}

/** A retry replaces the chat's latest reply: it is removed, and its user message is answered again. */
async function takeBackLatestReply(tx: Transaction, user: DbUser, chatId: string, replyId: string) {
  const recent = await listRecentMessagesByChatId(tx, { chatId, userId: user.id, limit: 2 });
  const [question, reply] = recent;
  if (reply?.id !== replyId || reply.role !== "assistant") {
    throw userError("invalid_input", "retryOf: only the latest reply of the chat can be retried");
  }
  if (reply.status === "streaming") throw userError("conflict", "That reply is still being written.");
  if (question?.role !== "user") throw userError("invalid_input", "retryOf: the reply has no question to answer");
  await deleteMessageById(tx, { id: reply.id, userId: user.id });
  return question;
}

/**
 * Stores the user's message (or takes back the reply being retried) and a `streaming` placeholder
 * for the reply, in one transaction, before any model is called; then, unless the person turned
 * memory off, recalls memories from their other chats. The prompt follows their settings and is
 * kept within `promptTokens`, the size the turn's reservation covers.
 */
export async function prepareTurn(user: DbUser, input: SendMessageInput, { promptTokens }: { promptTokens: number }): Promise<PreparedTurn> {
  if (input.model) resolveModel(input.model);
  const release = beginForegroundWork();
  // The question's embedding (a network call with OpenAI) overlaps the writes. It is only compared,
  // never stored: a temporary chat's question finds memories without becoming one.
  const questionVector = "message" in input ? embedQuery(input.message) : undefined;
  questionVector?.catch(() => {}); // Awaited, and its failure handled, by the recall below.
  try {
    const { settings, history, ...stored } = await storeTurn(user, input);
    const recalled = settings.memoryEnabled
      ? await recallMemories(user, { question: stored.question, chatId: stored.chatId, questionVector })
      : [];
    const { prompt, memories } = buildPrompt({
      system: systemPrompt({ customInstructions: settings.systemPrompt, today: new Date() }),
      memories: recalled,
      history,
      budgetTokens: promptTokens,
    });
    return { ...stored, memories, temperature: settings.temperature, prompt, release };
  } catch (error) {
    release();
    throw error;
  }
}

async function storeTurn(user: DbUser, input: SendMessageInput) {
  return withUser(user, async (tx) => {
    const settings = await getUserSettings(tx, user.id);
    const model = resolveModel(input.model ?? settings.defaultModel);
    let chatId = input.chatId;
    const isNewChat = !chatId;
    if (chatId) {
      if (!(await getChatById(tx, { id: chatId, userId: user.id }))) throw new AppError("not_found");
    } else if ("message" in input) {
      chatId = (await createChat(tx, { userId: user.id, title: titleFromMessage(input.message), temporary: input.temporary })).id;
    }
    if (!chatId) throw userError("invalid_input", "chatId: required when retrying");

    const userMessage =
      "retryOf" in input
        ? await takeBackLatestReply(tx, user, chatId, input.retryOf)
        : await createMessage(tx, { chatId, userId: user.id, role: "user", content: input.message, status: "complete" });

    // A new chat's history is its first message: no need to read it back.
    const history = isNewChat ? [userMessage] : await listRecentMessagesByChatId(tx, { chatId, userId: user.id, limit: contextMessages });
    const reply = await createMessage(tx, {
      chatId,
      userId: user.id,
      role: "assistant",
      content: "",
      model: model.id,
      status: "streaming",
    });
    return {
      settings,
      model,
      chatId,
      userMessageId: userMessage.id,
      assistantMessageId: reply.id,
      question: userMessage.content,
      history: history
        .filter((message) => message.content.trim() !== "")
        .map((message): PromptMessage => ({ role: message.role, content: message.content })),
    };
  });
}
