import "server-only";
import { AppError, userError } from "@/lib/errors";
import { createChat, deleteChatById, getChatById, listChatsByUserId, updateChatTitle, type ChatCursor } from "@/lib/db/queries/chats";
import { listVotesByChatId } from "@/lib/db/queries/feedback";
import { listMessagesByChatId } from "@/lib/db/queries/messages";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { presentChat, presentMessage } from "./present";
import type { Chat, ChatList, ChatWithMessages } from "./types";

function encodeCursor(cursor: ChatCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt.toISOString(), cursor.id])).toString("base64url");
}

function decodeCursor(cursor: string): ChatCursor {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(updatedAt);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error("bad cursor");
    return { updatedAt: date, id };
  } catch {
    throw userError("invalid_input", "cursor: not a cursor this API returned");
  }
}

export async function listChats(user: DbUser, { limit, cursor }: { limit: number; cursor?: string }): Promise<ChatList> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await withUser(user, (tx) => listChatsByUserId(tx, { userId: user.id, limit: limit + 1, after }));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    chats: page.map(presentChat),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export async function startChat(user: DbUser, { title }: { title?: string }): Promise<Chat> {
  const row = await withUser(user, (tx) => createChat(tx, { userId: user.id, title: title ?? "New chat" }));
  return presentChat(row);
}

export async function getChatWithMessages(user: DbUser, chatId: string): Promise<ChatWithMessages> {
  return withUser(user, async (tx) => {
    const chat = await getChatById(tx, { id: chatId, userId: user.id });
    if (!chat) throw new AppError("not_found");
    const messages = await listMessagesByChatId(tx, { chatId, userId: user.id });
    const votes = await listVotesByChatId(tx, { chatId, userId: user.id });
    return { chat: presentChat(chat), messages: messages.map((row) => presentMessage(row, votes.get(row.id))) };
  });
}

export async function renameChat(user: DbUser, chatId: string, title: string): Promise<Chat> {
  const row = await withUser(user, (tx) => updateChatTitle(tx, { id: chatId, userId: user.id, title }));
  if (!row) throw new AppError("not_found");
  return presentChat(row);
}

/** Messages go with the chat (foreign keys cascade), in the same statement. */
export async function deleteChat(user: DbUser, chatId: string): Promise<void> {
  const deleted = await withUser(user, (tx) => deleteChatById(tx, { id: chatId, userId: user.id }));
  if (!deleted) throw new AppError("not_found");
}
