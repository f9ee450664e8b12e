import "server-only";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database, Transaction } from "@/lib/db/client";
import type { FlightStatement } from "@/lib/db/flight";

const utcMonthStart = sql`date_trunc('month', now(), 'UTC')`;

/**
 * This UTC month's admitted chat turns, and spend counting open reservations at their maximum
 * (documents' embedding charges included: they spend the same budget, but are no chat turns).
 */
export async function getMonthlyChatUsage(tx: Transaction, { userId }: { userId: string }) {
  const rows = await tx.execute<{ requests: number; committed: number; settled: number }>(sql`
    select count(*) filter (where status <> 'released' and kind = 'chat')::int as requests,
      coalesce(sum(case when status = 'reserved' then max_cost_micro_usd else cost_micro_usd end), 0)::bigint as committed,
      coalesce(sum(cost_micro_usd) filter (where status = 'settled'), 0)::bigint as settled
    from public.usage_charges
    where user_id = ${userId} and created_at >= ${utcMonthStart}`);
  const row = rows.rows[0];
  return { requests: row?.requests ?? 0, committedMicroUsd: row?.committed ?? 0, settledMicroUsd: row?.settled ?? 0 };
}

/**
 * Reserves a chat turn's maximum cost, tied to its reply and the prompt's size, which is what
 * settles it if the process dies mid-turn. Runs as the user (a policy of
 * 20261203000500_admit_request.sql lets the server's role do exactly this).
 */
export async function reserveCharge(
  tx: Transaction,
  input: { userId: string; model: string; maxCostMicroUsd: number; messageId: string; promptTokens: number },
) {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into public.usage_charges (user_id, model, max_cost_micro_usd, message_id, prompt_tokens)
    values (${input.userId}, ${input.model}, ${input.maxCostMicroUsd}, ${input.messageId}, ${input.promptTokens})
    returning id`);
  return rows.rows[0]!.id;
}

export interface SettleChargeInput {
  id: string;
  userId: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

const settleChargeSql = (input: SettleChargeInput) => sql`
    update public.usage_charges
    set status = 'settled', input_tokens = ${input.inputTokens}, output_tokens = ${input.outputTokens},
      cost_micro_usd = ${input.costMicroUsd}, settled_at = now()
    where id = ${input.id} and user_id = ${input.userId} and status = 'reserved'
    returning id`;

/** Settles a reserved charge once; a second settle changes nothing. */
export async function settleCharge(tx: Database | Transaction, input: SettleChargeInput) {
  const rows = await tx.execute(settleChargeSql(input));
  return rows.rows.length === 1;
}

const dialect = new PgDialect();

/** `settleCharge` as a statement to send with another transaction, which it commits or rolls back with. */
export function settleChargeStatement(input: SettleChargeInput): FlightStatement {
  const { sql: text, params } = dialect.sqlToQuery(settleChargeSql(input));
  return { text, params: params as FlightStatement["params"] };
}
