import "server-only";
import { AppError, userError } from "@/lib/errors";
import { createChat, deleteChatById, getChatById, listChatsByUserId, updateChatById, type ChatCursor } from "@/lib/db/queries/chats";
import { violatedConstraint } from "@/lib/db/errors";
import { listVotesByChatId } from "@/lib/db/queries/feedback";
import { deleteMessageSubtree, listBranchPage } from "@/lib/db/queries/branch";
import type { ChatRow } from "@/lib/db/schema";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { presentChat, presentMessage } from "./present";
import { untitledChatTitle } from "./title";
import { chatPageLimits, type Chat, type ChatList, type ChatListFilter, type ChatUpdate, type ChatWithMessages } from "./types";

function encodeCursor(cursor: ChatCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt.toISOString(), cursor.id, cursor.pinned])).toString("base64url");
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only what encodeCursor writes: an instant Postgres can compare (years 0000 to 9999), a chat id
 * and whether that chat is pinned. A cursor without the flag, from before pinning, was in the
 * unpinned part of the list.
 */
function decodeCursor(cursor: string): ChatCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = null;
  }
  const [updatedAt, id, pinned = false] = Array.isArray(decoded) && (decoded.length === 2 || decoded.length === 3) ? decoded : [];
  const date = typeof updatedAt === "string" && isoInstant.test(updatedAt) ? new Date(updatedAt) : null;
  if (!date || Number.isNaN(date.getTime()) || typeof id !== "string" || !uuidShape.test(id) || typeof pinned !== "boolean") {
    throw userError("invalid_input", "cursor: not a cursor this API returned");
  }
  return { updatedAt: date, id, pinned };
}

export async function listChats(
  user: DbUser,
  { limit, cursor, q, archived = false }: { limit: number; cursor?: string } & ChatListFilter,
): Promise<ChatList> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await withUserAtOnce(user, (tx) => listChatsByUserId(tx, { userId: user.id, limit: limit + 1, after, archived, q }));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    chats: page.map(presentChat),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export async function startChat(user: DbUser, { title, temporary }: { title?: string; temporary?: boolean }): Promise<Chat> {
  const row = await withUserAtOnce(user, (tx) => createChat(tx, { userId: user.id, title: title ?? untitledChatTitle, temporary }));
  return presentChat(row);
}

/**
 * The chat and a page of its current branch, oldest first: the newest `limit` messages, or those
 * just before `before` (a message of the branch), with `nextBefore` for the page before that. The
 * three reads leave together; for a chat that is not the user's, the other two find nothing.
 */
export async function getChatWithMessages(
  user: DbUser,
  chatId: string,
  { before, limit = chatPageLimits.default }: { before?: string; limit?: number } = {},
): Promise<ChatWithMessages> {
  const [chat, rows, votes] = await withUserAtOnce(user, (tx) =>
    Promise.all([
      getChatById(tx, { id: chatId, userId: user.id }),
      listBranchPage(tx, { chatId, userId: user.id, before, limit }),
      listVotesByChatId(tx, { chatId, userId: user.id }),
    ]),
  );
  if (!chat) throw new AppError("not_found");
  if (before && rows[0]?.id !== before) throw userError("invalid_input", "before: not a message of this chat's current branch");
  const newestFirst = before ? rows.slice(1) : rows;
  const page = newestFirst.slice(0, limit);
  return {
    chat: presentChat(chat),
    messages: page.reverse().map((row) => presentMessage(row, { vote: votes.get(row.id), siblingIds: row.siblingIds })),
    nextBefore: newestFirst.length > limit ? page[0]!.id : null,
  };
}

/**
 * Renames, pins, archives, or takes a chat out of memory and back (the database deletes its
 * vectors, or queues its messages to be embedded again), in one statement. A temporary chat stays
 * out of memory: its check constraint refuses the change.
 */
export async function updateChat(user: DbUser, chatId: string, update: ChatUpdate): Promise<Chat> {
  let row: ChatRow | null;
  try {
    row = await withUserAtOnce(user, (tx) => updateChatById(tx, { id: chatId, userId: user.id, ...update }));
  } catch (error) {
    if (violatedConstraint(error) === "chats_temporary_not_in_memory") {
      throw new AppError("conflict", "temporary chat included in memory", { cause: error, publicMessage: "A temporary chat cannot be included in memory." });
    }
    if (violatedConstraint(error) === "chats_active_message_in_chat") {
      throw userError("invalid_input", "activeMessageId: not a message of this chat");
    }
    throw error;
  }
  if (!row) throw new AppError("not_found");
  return presentChat(row);
}

/**
 * Deletes a message and everything below it in the chat's tree, in one statement; refused while a
 * reply in that subtree is still being written.
 */
export async function deleteMessage(user: DbUser, { chatId, messageId }: { chatId: string; messageId: string }): Promise<void> {
  const outcome = await withUserAtOnce(user, (tx) => deleteMessageSubtree(tx, { chatId, userId: user.id, messageId }));
  if (outcome === "not_found") throw new AppError("not_found");
  if (outcome === "busy") throw userError("conflict", "A reply below this message is still being written. Stop it or wait, then delete.");
}

/** Messages go with the chat (foreign keys cascade), in the same statement. */
export async function deleteChat(user: DbUser, chatId: string): Promise<void> {
  const deleted = await withUserAtOnce(user, (tx) => deleteChatById(tx, { id: chatId, userId: user.id }));
  if (!deleted) throw new AppError("not_found");
}
