import "server-only";
import { AppError } from "@/lib/errors";
import { createChat } from "@/lib/db/queries/chats";
import { createCompleteMessages } from "@/lib/db/queries/messages";
import { getSharedSnapshotByToken } from "@/lib/db/queries/shares";
import { withServiceStatement, withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { presentChat } from "@/lib/chat/present";
import type { Chat } from "@/lib/chat/types";
import { hitRateLimits, throwIfLimited, type RateLimitRule } from "@/lib/usage/rate-limit";
import { shareTokenPattern, type SharedSnapshot } from "./types";

/**
 * Signed-out reads of shared links, per client address (the page and the API alike). Tokens cannot
 * be guessed at any rate; this keeps one address from making the database serve snapshots in bulk.
 * Generous, as an office behind one address may open a link together.
 */
export const sharedReadsPerAddress: RateLimitRule = { limit: 300, windowSeconds: 60 };

/**
 * The only way a token reaches data, for anyone, signed in or not: the snapshot's own columns, read
 * across users through one named service path. A malformed, unknown or revoked token is the same 404.
 */
async function readSnapshot(token: string): Promise<SharedSnapshot> {
  if (!shareTokenPattern.test(token)) throw new AppError("not_found");
  const row = await withServiceStatement("share.read", (db) => getSharedSnapshotByToken(db, { token }));
  if (!row) throw new AppError("not_found");
  return {
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    messages: row.messages.map(({ role, content, createdAt }) => ({ role, content, createdAt })),
  };
}

/** The snapshot a link shows, for `GET /api/share/:token` and the page `/share/:token`. */
export async function readSharedSnapshot(token: string, { clientAddress }: { clientAddress: string }): Promise<SharedSnapshot> {
  throwIfLimited(await hitRateLimits([{ key: `share:address:${clientAddress}`, rule: sharedReadsPerAddress }]), "Too many shared-link requests.");
  return readSnapshot(token);
}

/** A new chat of the caller's with the snapshot's messages: theirs from now on, in their memory like any chat. */
export async function copySharedChat(user: DbUser, token: string): Promise<Chat> {
  const snapshot = await readSnapshot(token);
  const chatId = crypto.randomUUID();
  // The chat and its messages leave together, in that order (their inserts are alike, so they go as issued).
  const [chat] = await withUserAtOnce(user, (tx) =>
    Promise.all([
      createChat(tx, { id: chatId, userId: user.id, title: snapshot.title }),
      createCompleteMessages(tx, { chatId, userId: user.id, messages: snapshot.messages }),
    ]),
  );
  return presentChat(chat);
}
