import "server-only";
import { costMicroUsd, findModel } from "@/lib/ai/models";
import type { TokenUsage } from "@/lib/ai/types";
import { createCharge, deleteReservedCharge, getMonthlyChatUsage, linkCharge, settleCharge } from "@/lib/db/queries/usage/charges";
import { lockUsagePlan } from "@/lib/db/queries/usage/plans";
import { retryOnceIfUnavailable, withService, type DbUser } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError, userError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { getUserSettings } from "@/lib/settings/get-user-settings";
import { isPlanId, limitsForPlan, monthlyAllowanceUsedUp } from "./limits";

export interface ChatCharge {
  id: string;
  model: string;
}

/** Seconds until the next UTC month begins (when monthly quotas reset). */
export function secondsUntilNextMonth(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/**
 * Admits a chat turn against the plan's monthly quota and budget, reserving the turn's maximum
 * cost. Admissions of one user are serialised by a lock, so concurrent turns near the limit
 * overspend by at most one turn's maximum. `promptTokens` is the most the turn's prompt may carry
 * (the chat turn keeps its prompt within it). Throws `quota_exceeded` without calling the model.
 */
export async function reserveChatCharge(user: DbUser, input: { model?: string; promptTokens: number }): Promise<ChatCharge> {
  return withService("usage.charge", async (tx) => {
    const plan = await lockUsagePlan(tx, { userId: user.id });
    const limits = limitsForPlan(isPlanId(plan) ? plan : "free");
    const modelId = input.model ?? (await getUserSettings(tx, user.id)).defaultModel;
    const model = findModel(modelId);
    if (!model) throw userError("invalid_input", `model: "${modelId}" is not offered here (see GET /api/models)`);

    const usedUp = monthlyAllowanceUsedUp(limits, await getMonthlyChatUsage(tx, { userId: user.id }));
    if (usedUp) {
      throw new AppError("quota_exceeded", `monthly ${usedUp} used`, {
        publicMessage: "You have used this month's chat allowance of your plan. Reading your chats and settings still works.",
        retryAfterSeconds: secondsUntilNextMonth(),
      });
    }
    const maxCostMicroUsd = costMicroUsd(model, {
      inputTokens: input.promptTokens,
      outputTokens: env().CHAT_MAX_OUTPUT_TOKENS,
    });
    const id = await createCharge(tx, { userId: user.id, model: model.id, maxCostMicroUsd });
    return { id, model: model.id };
  });
}

/**
 * Ties the reservation to the stored reply and the prompt's size, which is what settles it if the
 * process dies mid-turn (settleAbandonedCharges). Never throws: the turn goes on; unlinked, such a
 * reservation would be released.
 */
export async function linkChatCharge(user: DbUser, charge: ChatCharge, reply: { messageId: string; promptTokens: number }): Promise<void> {
  try {
    await withService("usage.charge", (tx) => linkCharge(tx, { id: charge.id, userId: user.id, ...reply }));
  } catch (error) {
    logger.error({ err: error, chargeId: charge.id }, "linking a chat charge to its reply failed");
  }
}

/**
 * Settles the reservation to the real cost, exactly once (a second settle changes nothing, so a
 * lost connection is retried). Never throws: the reply is already stored.
 */
export async function settleChatCharge(user: DbUser, charge: ChatCharge, usage: TokenUsage, cost: number): Promise<void> {
  try {
    await retryOnceIfUnavailable(() =>
      withService("usage.charge", (tx) => settleCharge(tx, { id: charge.id, userId: user.id, ...usage, costMicroUsd: cost })),
    );
  } catch (error) {
    logger.error({ err: error, chargeId: charge.id }, "settling a chat charge failed; it stays reserved at its maximum");
  }
}

/** For a turn refused after its admission: the reservation is removed, as if never made. */
export async function releaseChatCharge(user: DbUser, charge: ChatCharge): Promise<void> {
  await withService("usage.charge", (tx) => deleteReservedCharge(tx, { id: charge.id, userId: user.id }));
}
