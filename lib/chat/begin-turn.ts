import "server-only";
import { estimatePromptTokens } from "@/lib/ai/tokens";
import type { TokenUsage } from "@/lib/ai/types";
import type { DbUser } from "@/lib/db/transaction";
import { linkChatCharge, releaseChatCharge, reserveChatCharge, settleChatCharge } from "@/lib/usage/chat-charge";
import { promptBudgetTokens } from "./prompt";
import { prepareTurn, type PreparedTurn, type SendMessageInput } from "./send-message";

export interface BegunTurn {
  turn: PreparedTurn;
  /** Records the turn's real usage against the reservation made before it began. */
  settle: (usage: TokenUsage, costMicroUsd: number) => Promise<void>;
}

/**
 * Admits the turn against the plan's quota and budget (reserving its maximum cost, for a prompt of
 * at most `promptTokens`), then stores it with a prompt kept within that size. A turn that fails
 * before reaching the model gives its reservation back.
 */
export async function beginTurn(user: DbUser, input: SendMessageInput): Promise<BegunTurn> {
  const promptTokens = promptBudgetTokens("message" in input ? input.message : undefined);
  const charge = await reserveChatCharge(user, { model: input.model, promptTokens });
  let turn: PreparedTurn;
  try {
    turn = await prepareTurn(user, { ...input, model: charge.model }, { promptTokens });
  } catch (error) {
    await releaseChatCharge(user, charge);
    throw error;
  }
  await linkChatCharge(user, charge, { messageId: turn.assistantMessageId, promptTokens: estimatePromptTokens(turn.prompt) });
  return { turn, settle: (usage, cost) => settleChatCharge(user, charge, usage, cost) };
}
