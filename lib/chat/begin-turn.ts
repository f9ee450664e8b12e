import "server-only";
import { estimatePromptTokens } from "@/lib/ai/tokens";
import type { TokenUsage } from "@/lib/ai/types";
import type { DbUser } from "@/lib/db/transaction";
import { linkChatCharge, releaseChatCharge, reserveChatCharge, settleChatCharge } from "@/lib/usage/chat-charge";
import { prepareTurn, type PreparedTurn, type SendMessageInput } from "./send-message";

export interface BegunTurn {
  turn: PreparedTurn;
  /** Records the turn's real usage against the reservation made before it began. */
  settle: (usage: TokenUsage, costMicroUsd: number) => Promise<void>;
}

/**
 * Admits the turn against the plan's quota and budget (reserving its maximum cost), then stores it.
 * A turn that fails before reaching the model gives its reservation back.
 */
export async function beginTurn(user: DbUser, input: SendMessageInput): Promise<BegunTurn> {
  const charge = await reserveChatCharge(user, { model: input.model, message: "message" in input ? input.message : undefined });
  let turn: PreparedTurn;
  try {
    turn = await prepareTurn(user, { ...input, model: charge.model });
  } catch (error) {
    await releaseChatCharge(user, charge);
    throw error;
  }
  await linkChatCharge(user, charge, { messageId: turn.assistantMessageId, promptTokens: estimatePromptTokens(turn.prompt) });
  return { turn, settle: (usage, cost) => settleChatCharge(user, charge, usage, cost) };
}
