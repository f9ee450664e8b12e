import "server-only";
import type { ChatRow, MessageRow } from "@/lib/db/schema";
import type { Vote } from "@/lib/feedback/types";
import type { Chat, ChatMessage } from "./types";

export const presentChat = (row: ChatRow): Chat => ({
  id: row.id,
  title: row.title,
  temporary: row.temporary,
  inMemory: row.inMemory,
  pinned: row.pinned,
  archived: row.archived,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function presentMessage(row: MessageRow, vote?: Vote): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    role: row.role,
    content: row.content,
    model: row.model,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.inputTokens !== null && row.outputTokens !== null) {
    message.usage = {
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: (row.costMicroUsd ?? 0) / 1_000_000,
    };
  }
  if (row.errorCode) message.errorCode = row.errorCode;
  if (vote) message.vote = vote;
  if (row.memories?.length) message.memories = row.memories;
  return message;
}
