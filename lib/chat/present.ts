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

export function presentMessage(row: MessageRow, { vote, siblingIds }: { vote?: Vote; siblingIds: string[] }): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    parentId: row.parentId,
    siblingIds,
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
  if (row.attachments.length) message.attachments = row.attachments;
  return message;
}

/** The ids of each message's versions (itself included, in the order given), for a chat's full tree. */
export function siblingIdsOf(rows: Pick<MessageRow, "id" | "chatId" | "parentId">[]): Map<string, string[]> {
  const byPlace = new Map<string, string[]>();
  const placeOf = (row: Pick<MessageRow, "chatId" | "parentId">) => `${row.chatId}/${row.parentId ?? ""}`;
  for (const row of rows) {
    const place = byPlace.get(placeOf(row)) ?? [];
    place.push(row.id);
    byPlace.set(placeOf(row), place);
  }
  return new Map(rows.map((row) => [row.id, byPlace.get(placeOf(row))!]));
}
