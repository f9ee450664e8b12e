import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db/client";

const utcMonthStart = sql`date_trunc('month', now(), 'UTC')`;

/** This UTC month's admitted chat turns, and spend counting open reservations at their maximum. */
export async function getMonthlyChatUsage(tx: Transaction, { userId }: { userId: string }) {
  const rows = await tx.execute<{ requests: number; committed: number; settled: number }>(sql`
    select count(*) filter (where status <> 'released')::int as requests,
      coalesce(sum(case when status = 'reserved' then max_cost_micro_usd else cost_micro_usd end), 0)::bigint as committed,
      coalesce(sum(cost_micro_usd) filter (where status = 'settled'), 0)::bigint as settled
    from public.usage_charges
    where user_id = ${userId} and created_at >= ${utcMonthStart}`);
  const row = rows.rows[0];
  return { requests: row?.requests ?? 0, committedMicroUsd: row?.committed ?? 0, settledMicroUsd: row?.settled ?? 0 };
}

export async function createCharge(tx: Transaction, input: { userId: string; model: string; maxCostMicroUsd: number }) {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into public.usage_charges (user_id, model, max_cost_micro_usd)
    values (${input.userId}, ${input.model}, ${input.maxCostMicroUsd})
    returning id`);
  return rows.rows[0]!.id;
}

/** Settles a reserved charge once; a second settle changes nothing. */
export async function settleCharge(
  tx: Transaction,
  input: { id: string; userId: string; inputTokens: number; outputTokens: number; costMicroUsd: number },
) {
  const rows = await tx.execute(sql`
    update public.usage_charges
    set status = 'settled', input_tokens = ${input.inputTokens}, output_tokens = ${input.outputTokens},
      cost_micro_usd = ${input.costMicroUsd}, settled_at = now()
    where id = ${input.id} and user_id = ${input.userId} and status = 'reserved'
    returning id`);
  return rows.rows.length === 1;
}

/** Records which reply a reservation pays for and how large its prompt is, once the turn is stored. */
export async function linkCharge(tx: Transaction, input: { id: string; userId: string; messageId: string; promptTokens: number }) {
  await tx.execute(sql`
    update public.usage_charges set message_id = ${input.messageId}, prompt_tokens = ${input.promptTokens}
    where id = ${input.id} and user_id = ${input.userId} and status = 'reserved'`);
}

/**
 * Takes back a reservation whose turn was refused before it began (not found, a stale retry): the
 * turn never happened, so the row goes; nothing was admitted, nothing is counted but the request.
 */
export async function deleteReservedCharge(tx: Transaction, { id, userId }: { id: string; userId: string }) {
  await tx.execute(sql`delete from public.usage_charges where id = ${id} and user_id = ${userId} and status = 'reserved'`);
}
