import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";

/** What settling needs of a model's price (lib/ai's models satisfy it): US dollars per million tokens. */
export interface ModelPrice {
  id: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * Closes reservations older than `olderThanSeconds`, in one statement that only touches rows still
 * reserved (and skips rows another process holds), so several processes may run it at once:
 * - the turn was stored (the charge knows its prompt's size): settled to the estimate a failed
 *   reply gets, the prompt's size and about four characters a token of the reply's text (0 when
 *   the reply is gone), never above the reservation; a model this deployment no longer prices
 *   keeps its reserved maximum;
 * - the turn was never stored (no prompt size): released, since it never reached the model.
 * The usage and cost a reply row carries are not read: that row is written in the user's
 * transaction, while what the charge holds only the server records.
 */
export async function settleAbandonedChargesOlderThan(
  db: Database | Transaction,
  { olderThanSeconds, prices }: { olderThanSeconds: number; prices: ModelPrice[] },
) {
  const rows = await db.execute<{ status: string; count: number }>(sql`
    with prices as (
      select * from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb) as p(id text, "inputPerMTok" numeric, "outputPerMTok" numeric)
    ),
    abandoned as (
      select c.id, c.prompt_tokens, ceil(char_length(coalesce(m.content, '')) / 4.0)::bigint as text_tokens,
        p."inputPerMTok" as input_price, p."outputPerMTok" as output_price
      from public.usage_charges c
      left join public.messages m on m.id = c.message_id
      left join prices p on p.id = c.model
      where c.status = 'reserved' and c.created_at < now() - make_interval(secs => ${olderThanSeconds})
      for update of c skip locked
    ),
    closed as (
      update public.usage_charges c
      set status = case when a.prompt_tokens is null then 'released' else 'settled' end,
        input_tokens = coalesce(a.prompt_tokens, 0),
        output_tokens = case when a.prompt_tokens is null then 0 else a.text_tokens end,
        cost_micro_usd = case
          when a.prompt_tokens is null then 0
          else least(c.max_cost_micro_usd, coalesce(round(a.prompt_tokens * a.input_price + a.text_tokens * a.output_price), c.max_cost_micro_usd))
        end,
        settled_at = now()
      from abandoned a
      where c.id = a.id and c.status = 'reserved'
      returning c.status
    )
    select status, count(*)::int as count from closed group by status`);
  const countOf = (status: string) => rows.rows.find((row) => row.status === status)?.count ?? 0;
  return { settled: countOf("settled"), released: countOf("released") };
}
