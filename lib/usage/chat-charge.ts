import "server-only";
import { costMicroUsd } from "@/lib/ai/models";
import type { TokenUsage } from "@/lib/ai/types";
import type { Transaction } from "@/lib/db/client";
import { getMonthlyChatUsage, reserveCharge, settleChargeStatement } from "@/lib/db/queries/usage/charges";
import { lockEffectiveLimits } from "@/lib/db/queries/usage/plans";
import type { RideAlong } from "@/lib/db/ride-along";
import type { DbUser } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ModelInfo } from "@/lib/chat/types";
import { effectiveLimitsOf, monthlyAllowanceUsedUp, type EffectiveLimits, type MonthlyUse } from "./limits";

export interface ChatCharge {
  id: string;
  model: string;
}

/** Seconds until the next UTC month begins (when monthly quotas reset). */
export function secondsUntilNextMonth(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

export interface TurnAllowance {
  limits: EffectiveLimits;
  month: MonthlyUse;
}

/**
 * What holds for the user (plan, own limits, models) and this month's use, read under the user's admission lock, which holds to the end of
 * the turn's transaction: admissions of one user run one at a time on every process, so concurrent
 * turns near the limit overspend by at most one turn's maximum. Both statements are issued at
 * once, the lock first, to leave with the turn's other first statements.
 */
export async function readTurnAllowance(tx: Transaction, user: DbUser): Promise<TurnAllowance> {
  const [limits, month] = await Promise.all([lockEffectiveLimits(tx, { userId: user.id }), getMonthlyChatUsage(tx, { userId: user.id })]);
  return { limits: effectiveLimitsOf(limits), month };
}

/**
 * The most a turn on `model` with a prompt of at most `promptTokens` may cost; throws `forbidden`
 * for a model the plan does not include and `quota_exceeded` when the month's quota or budget is
 * used up, before the model is called.
 */
export function admitChatTurn(allowance: TurnAllowance, model: ModelInfo, promptTokens: number): number {
  const { models, planName } = allowance.limits;
  if (models !== null && !models.includes(model.id)) {
    const publicMessage = `The model ${model.id} is not included in your plan (${planName}).`;
    throw new AppError("forbidden", publicMessage, { publicMessage });
  }
  const usedUp = monthlyAllowanceUsedUp(allowance.limits, allowance.month);
  if (usedUp) {
    throw new AppError("quota_exceeded", `monthly ${usedUp} used`, {
      publicMessage: "You have used this month's chat allowance of your plan. Reading your chats and settings still works.",
      retryAfterSeconds: secondsUntilNextMonth(),
    });
  }
  return costMicroUsd(model, { inputTokens: promptTokens, outputTokens: env().CHAT_MAX_OUTPUT_TOKENS });
}

/**
 * Reserves the turn's maximum cost in its transaction, tied to its reply; `promptTokens` is what
 * an abandoned turn is settled with (settleAbandonedCharges).
 */
export async function reserveChatCharge(
  tx: Transaction,
  user: DbUser,
  input: { model: string; maxCostMicroUsd: number; messageId: string; promptTokens: number },
): Promise<ChatCharge> {
  const id = await reserveCharge(tx, { userId: user.id, ...input });
  return { id, model: input.model };
}

/**
 * The statement that settles the reservation to the real cost, sent with the reply's final save
 * (lib/db/ride-along.ts): the reply and its charge are stored together or not at all, and a charge
 * left reserved (the save failed twice) is settled by maintenance from the stored text. A second
 * settle changes nothing.
 */
export function chatChargeSettlement(user: DbUser, charge: ChatCharge, usage: TokenUsage, cost: number): RideAlong {
  return { statement: settleChargeStatement({ id: charge.id, userId: user.id, ...usage, costMicroUsd: cost }) };
}
