import "server-only";
import { AppError, userError } from "@/lib/errors";
import { createChat, deleteChatById, getChatById, listChatsByUserId, updateChatTitle, type ChatCursor } from "@/lib/db/queries/chats";
import { listVotesByChatId } from "@/lib/db/queries/feedback";
import { listMessagesByChatId } from "@/lib/db/queries/messages";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { presentChat, presentMessage } from "./present";
import type { Chat, ChatList, ChatWithMessages } from "./types";

function encodeCursor(cursor: ChatCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt.toISOString(), cursor.id])).toString("base64url");
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only what encodeCursor writes: an instant Postgres can compare (years 0000 to 9999) and a chat id. */
function decodeCursor(cursor: string): ChatCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = null;
  }
  const [updatedAt, id] = Array.isArray(decoded) && decoded.length === 2 ? decoded : [];
  const date = typeof updatedAt === "string" && isoInstant.test(updatedAt) ? new Date(updatedAt) : null;
  if (!date || Number.isNaN(date.getTime()) || typeof id !== "string" || !uuidShape.test(id)) {
    throw userError("invalid_input", "cursor: not a cursor this API returned");
  }
  return { updatedAt: date, id };
}

export async function listChats(user: DbUser, { limit, cursor }: { limit: number; cursor?: string }): Promise<ChatList> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await withUserAtOnce(user, (tx) => listChatsByUserId(tx, { userId: user.id, limit: limit + 1, after }));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    chats: page.map(presentChat),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export async function startChat(user: DbUser, { title }: { title?: string }): Promise<Chat> {
  const row = await withUserAtOnce(user, (tx) => createChat(tx, { userId: user.id, title: title ?? "New chat" }));
  return presentChat(row);
}

export async function getChatWithMessages(user: DbUser, chatId: string): Promise<ChatWithMessages> {
  // The three reads leave together; for a chat that is not the user's, the other two find nothing.
  const [chat, messages, votes] = await withUserAtOnce(user, (tx) =>
    Promise.all([
      getChatById(tx, { id: chatId, userId: user.id }),
      listMessagesByChatId(tx, { chatId, userId: user.id }),
      listVotesByChatId(tx, { chatId, userId: user.id }),
    ]),
  );
  if (!chat) throw new AppError("not_found");
  return { chat: presentChat(chat), messages: messages.map((row) => presentMessage(row, votes.get(row.id))) };
}

export async function renameChat(user: DbUser, chatId: string, title: string): Promise<Chat> {
  const row = await withUserAtOnce(user, (tx) => updateChatTitle(tx, { id: chatId, userId: user.id, title }));
  if (!row) throw new AppError("not_found");
  return presentChat(row);
}

/** Messages go with the chat (foreign keys cascade), in the same statement. */
export async function deleteChat(user: DbUser, chatId: string): Promise<void> {
  const deleted = await withUserAtOnce(user, (tx) => deleteChatById(tx, { id: chatId, userId: user.id }));
  if (!deleted) throw new AppError("not_found");
}
