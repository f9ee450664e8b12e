import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import type { MessageStatus } from "../schema";
import type { ModelPrice } from "./usage/settlement";

/**
 * Saves the text of a reply being written and answers whether a stop was asked for it (by any
 * instance), in one statement: the stop costs the writer no round trip of its own. The update
 * also marks the writer alive (`updated_at`), which maintenance reads. False when the row is gone.
 */
export async function checkpointReply(tx: Transaction, { id, userId, content }: { id: string; userId: string; content: string }): Promise<{ stopRequested: boolean }> {
  const result = await tx.execute<{ stop_requested: boolean }>(sql`
    update public.messages set content = ${content}, updated_at = now()
    where id = ${id} and user_id = ${userId} and status = 'streaming'
    returning stop_requested_at is not null as stop_requested`);
  return { stopRequested: result.rows[0]?.stop_requested ?? false };
}

/**
 * Marks every reply being written in the chat as asked to stop, in one statement. `chatFound` is
 * false for a chat that is not the user's (row level security hides it as well).
 */
export async function requestReplyStop(tx: Transaction, { chatId, userId }: { chatId: string; userId: string }): Promise<{ chatFound: boolean; messageIds: string[] }> {
  const result = await tx.execute<{ chat_found: boolean; message_ids: string[] }>(sql`
    with chat as (select id from public.chats where id = ${chatId} and user_id = ${userId}),
    asked as (
      update public.messages set stop_requested_at = coalesce(stop_requested_at, now())
      where chat_id in (select id from chat) and user_id = ${userId} and role = 'assistant' and status = 'streaming'
      returning id
    )
    select exists (select 1 from chat) as chat_found, coalesce((select array_agg(id::text) from asked), '{}') as message_ids`);
  const row = result.rows[0];
  return { chatFound: row?.chat_found ?? false, messageIds: row?.message_ids ?? [] };
}

export interface StreamingReplyRow {
  id: string;
  content: string;
}

/**
 * The chat's newest reply being written: `undefined` for a chat that is not the user's, null when
 * nothing is being written.
 */
export async function getStreamingReplyByChatId(tx: Transaction, { chatId, userId }: { chatId: string; userId: string }): Promise<StreamingReplyRow | null | undefined> {
  const result = await tx.execute<{ id: string | null; content: string | null }>(sql`
    select m.id, m.content from public.chats c
    left join lateral (
      select id, content from public.messages
      where chat_id = c.id and user_id = ${userId} and role = 'assistant' and status = 'streaming'
      order by seq desc limit 1
    ) m on true
    where c.id = ${chatId} and c.user_id = ${userId}`);
  const row = result.rows[0];
  if (!row) return undefined;
  return row.id === null ? null : { id: row.id, content: row.content ?? "" };
}

export interface ReplyStateRow {
  content: string;
  status: MessageStatus;
  errorCode: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costMicroUsd: number | null;
}

/** What is stored of a reply, for a stream following another instance's writer; null when gone. */
export async function getReplyState(tx: Transaction, { id, userId }: { id: string; userId: string }): Promise<ReplyStateRow | null> {
  const result = await tx.execute<{ content: string; status: MessageStatus; error_code: string | null; input_tokens: number | null; output_tokens: number | null; cost_micro_usd: number | null }>(sql`
    select content, status, error_code, input_tokens, output_tokens, cost_micro_usd::int8 as cost_micro_usd
    from public.messages where id = ${id} and user_id = ${userId}`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    content: row.content,
    status: row.status,
    errorCode: row.error_code,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costMicroUsd: row.cost_micro_usd === null ? null : Number(row.cost_micro_usd),
  };
}

/**
 * Ends replies whose writer died: still `streaming` with no checkpoint for `staleSeconds`, across
 * users. Each becomes `error` (`interrupted`) with what it had saved, and its reservation is
 * settled, in the same statement, to the estimate a failed reply gets (the prompt size the charge
 * recorded and about four characters a token of the saved text, never above the reservation);
 * the reply row carries the same usage. Rows another process holds are skipped, so several may
 * run it at once. Answers how many replies it ended.
 */
export async function endDeadReplies(db: Database | Transaction, { staleSeconds, prices }: { staleSeconds: number; prices: ModelPrice[] }): Promise<number> {
  const result = await db.execute<{ ended: number }>(sql`
    with prices as (
      select * from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb) as p(id text, "inputPerMTok" numeric, "outputPerMTok" numeric)
    ),
    dead as (
      select m.id, ceil(char_length(m.content) / 4.0)::bigint as text_tokens
      from public.messages m
      where m.status = 'streaming' and m.updated_at < now() - make_interval(secs => ${staleSeconds})
      for update of m skip locked
    ),
    charged as (
      select c.id as charge_id, d.id as message_id, coalesce(c.prompt_tokens, 0) as input_tokens, d.text_tokens as output_tokens,
        least(c.max_cost_micro_usd, coalesce(round(coalesce(c.prompt_tokens, 0) * p."inputPerMTok" + d.text_tokens * p."outputPerMTok"), c.max_cost_micro_usd))::bigint as cost
      from dead d
      join public.usage_charges c on c.message_id = d.id and c.status = 'reserved'
      left join prices p on p.id = c.model
    ),
    settled as (
      update public.usage_charges c
      set status = 'settled', input_tokens = ch.input_tokens, output_tokens = ch.output_tokens, cost_micro_usd = ch.cost, settled_at = now()
      from charged ch
      where c.id = ch.charge_id and c.status = 'reserved'
      returning c.id
    ),
    ended as (
      update public.messages m
      set status = 'error', error_code = 'interrupted', updated_at = now(),
        input_tokens = coalesce(ch.input_tokens, m.input_tokens), output_tokens = coalesce(ch.output_tokens, m.output_tokens),
        cost_micro_usd = coalesce(ch.cost, m.cost_micro_usd)
      from dead d
      left join charged ch on ch.message_id = d.id
      where m.id = d.id
      returning m.id
    )
    select (select count(*)::int from ended) as ended, (select count(*)::int from settled) as settled`);
  return result.rows[0]?.ended ?? 0;
}
