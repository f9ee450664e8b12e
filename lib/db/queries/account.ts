import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Transaction } from "../client";
import { chats, messages, profiles, type ChatRow, type MessageRow } from "../schema";

export async function getProfileById(tx: Transaction, { id }: { id: string }) {
  const rows = await tx.select().from(profiles).where(eq(profiles.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function listAllChatsByUserId(tx: Transaction, { userId }: { userId: string }): Promise<ChatRow[]> {
  return tx.select().from(chats).where(eq(chats.userId, userId)).orderBy(asc(chats.createdAt), asc(chats.id));
}

export async function listAllMessagesByUserId(tx: Transaction, { userId }: { userId: string }): Promise<MessageRow[]> {
  return tx.select().from(messages).where(eq(messages.userId, userId)).orderBy(asc(messages.seq));
}

/** Tables that later features add; the export includes them only where they exist. */
export async function tableExists(tx: Transaction, qualifiedName: string): Promise<boolean> {
  const result = await tx.execute<{ exists: boolean }>(sql`select to_regclass(${qualifiedName}) is not null as exists`);
  return result.rows[0]?.exists === true;
}

export type EmbeddingMetadata = {
  message_id: string;
  model: string;
  created_at: string;
};

/** Which messages have embeddings and by which model; never the vectors. */
export async function listEmbeddingMetadataByUserId(tx: Transaction, { userId }: { userId: string }): Promise<EmbeddingMetadata[]> {
  const result = await tx.execute<EmbeddingMetadata>(sql`
    select message_id, model, created_at from public.message_embeddings where user_id = ${userId} order by created_at, message_id
  `);
  return result.rows;
}

/**
 * Removes the identity; every table's rows of the user go with it (`on delete cascade` from
 * auth.users). Returns the email it had, null when the identity was already gone, or "suspended"
 * (and deletes nothing) for a suspended account: a suspension keeps everything of theirs until an
 * admin decides, and on Supabase the person's token stays valid meanwhile. The check and the
 * delete are one statement.
 */
export async function deleteAuthUserById(tx: Transaction, { id }: { id: string }): Promise<{ email: string } | "suspended" | null> {
  const result = await tx.execute<{ email: string | null; suspended: boolean }>(sql`
    with gate as (select exists (select 1 from public.usage_plans where user_id = ${id} and status = 'suspended') as suspended),
    deleted as (delete from auth.users where id = ${id} and not (select suspended from gate) returning email)
    select (select email from deleted) as email, (select suspended from gate) as suspended`);
  const row = result.rows[0];
  if (row?.suspended) return "suspended";
  return row?.email == null ? null : { email: row.email };
}

/** Keeps the id of a deleted account until `tokensValidUntil`, so its tokens stay refused after a restart. */
export async function insertDeletedAccount(tx: Transaction, { userId, tokensValidUntil }: { userId: string; tokensValidUntil: Date }): Promise<void> {
  await tx.execute(sql`
    insert into private.deleted_accounts (user_id, tokens_valid_until) values (${userId}, ${tokensValidUntil.toISOString()}::timestamptz)
    on conflict (user_id) do update set tokens_valid_until = excluded.tokens_valid_until`);
}

/** Drops rate-limit windows by exact key and by key prefix (no pattern: keys hold any characters). */
export async function deleteRateLimitWindows(tx: Transaction, { keys, keyPrefixes }: { keys: string[]; keyPrefixes: string[] }): Promise<void> {
  for (const key of keys) await tx.execute(sql`delete from private.rate_limit_windows where key = ${key}`);
  for (const prefix of keyPrefixes) await tx.execute(sql`delete from private.rate_limit_windows where starts_with(key, ${prefix})`);
}
