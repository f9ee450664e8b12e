import "server-only";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { beginForegroundWork } from "@/lib/jobs/foreground";
import { embedQuery } from "@/lib/memory/search";
import { promptBudgetTokens } from "./prompt";
import { prepareTurn, resolveModel, type PreparedTurn, type SendMessageInput } from "./send-message";

export interface BegunTurn {
  turn: PreparedTurn & {
    /** Ends the turn's foreground mark; the reply stream calls it when it closes. */
    release: () => void;
  };
}

/**
 * Admits the turn against the plan's quota and budget, reserving its maximum cost (for a prompt
 * of at most `promptTokens`), and stores it with a prompt kept within that size, in one
 * transaction: a turn refused or failed before it reaches the model leaves nothing behind.
 */
export async function beginTurn(user: DbUser, input: SendMessageInput): Promise<BegunTurn> {
  if (input.model) resolveModel(input.model);
  const promptTokens = promptBudgetTokens("message" in input ? input.message : undefined);
  const release = beginForegroundWork();
  // The question's embedding (a network call with OpenAI) overlaps the turn's first statements.
  // Every message is embedded anyway, so starting early sends nothing that memory off would have
  // kept back; it is only compared, never stored: a temporary chat's question finds memories
  // without becoming one.
  const questionVector = "message" in input ? embedQuery(input.message) : undefined;
  questionVector?.catch(() => {}); // Awaited, and its failure handled, by the turn.
  try {
    const turn = await withUser(user, (tx, flight) => prepareTurn(tx, flight, user, input, { promptTokens, questionVector }));
    return { turn: { ...turn, release } };
  } catch (error) {
    release();
    throw error;
  }
}
