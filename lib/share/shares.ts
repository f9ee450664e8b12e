import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { createShareOfChat, deleteShareById, listSharesByUserId, type ShareListRow } from "@/lib/db/queries/shares";
import { withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { sharePath, type CreatedShare, type ShareListItem } from "./types";

const shareUrl = (origin: string, token: string) => new URL(sharePath(token), origin).toString();

/** A read-only link to the chat as it is now; `origin` is the site the url points at. */
export async function shareChat(user: DbUser, chatId: string, { origin }: { origin: string }): Promise<CreatedShare> {
  const token = randomBytes(32).toString("base64url");
  const share = await withUserAtOnce(user, (tx) => createShareOfChat(tx, { chatId, userId: user.id, token }));
  if (!share) throw new AppError("not_found");
  return { id: share.id, token: share.token, url: shareUrl(origin, share.token), createdAt: share.createdAt.toISOString() };
}

export const presentShare = (row: ShareListRow, origin: string): ShareListItem => ({
  id: row.id,
  chatId: row.chatId,
  chatTitle: row.chatTitle,
  url: shareUrl(origin, row.token),
  createdAt: row.createdAt.toISOString(),
});

export async function listShares(user: DbUser, { origin }: { origin: string }): Promise<ShareListItem[]> {
  const rows = await withUserAtOnce(user, (tx) => listSharesByUserId(tx, { userId: user.id }));
  return rows.map((row) => presentShare(row, origin));
}

/** Deletes the link and its snapshot: from then on the token answers 404 like one never made. */
export async function revokeShare(user: DbUser, shareId: string): Promise<void> {
  const deleted = await withUserAtOnce(user, (tx) => deleteShareById(tx, { id: shareId, userId: user.id }));
  if (!deleted) throw new AppError("not_found");
}
