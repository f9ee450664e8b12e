import "server-only";
import { estimateTokens } from "@/lib/ai/tokens";
import { env } from "@/lib/env";
import type { PromptMessage } from "@/lib/ai/types";
import { memoryPrompt } from "@/lib/memory/recall";
import type { UsedMemory } from "@/lib/memory/types";
import { messageMaxLength } from "./types";


/**
 * The prompt size a turn reserves before anything is stored: the message (a retry, whose question
 * is not read yet, as the longest one allowed) and the context allowance. `buildPrompt` keeps the
 * prompt within it, so the reservation covers what is sent to the model.
 */
export function promptBudgetTokens(message?: string): number {
  return (message === undefined ? Math.ceil(messageMaxLength / 4) : estimateTokens(message)) + env().CHAT_CONTEXT_TOKENS;
}

/**
 * The prompt sent to the model, at most `budgetTokens` by the estimate that meters it: the
 * instructions and the question always; then the memories, best first, while they fit (one
 * user-role context message just before the question); then the chat's history, newest first,
 * while it fits. Returns the memories the prompt really carries.
 */
export function buildPrompt({
  system,
  memories,
  history,
  budgetTokens,
}: {
  system: PromptMessage;
  memories: UsedMemory[];
  /** The chat's messages, oldest first, ending with the question being answered. */
  history: PromptMessage[];
  budgetTokens: number;
}): { prompt: PromptMessage[]; memories: UsedMemory[] } {
  const question = history.at(-1);
  const earlier = history.slice(0, -1);
  let left = budgetTokens - estimateTokens(system.content) - (question ? estimateTokens(question.content) : 0);

  let kept = memories;
  const memoryTokens = (list: UsedMemory[]) => estimateTokens(memoryPrompt(list)?.content ?? "");
  while (kept.length > 0 && memoryTokens(kept) > left) kept = kept.slice(0, -1);
  const memoryMessage = memoryPrompt(kept);
  left -= memoryTokens(kept);

  let from = earlier.length;
  while (from > 0 && estimateTokens(earlier[from - 1]!.content) <= left) {
    from -= 1;
    left -= estimateTokens(earlier[from]!.content);
  }
  // The memories belong to this turn: just before the question, after the history.
  const prompt = [system, ...earlier.slice(from), ...(memoryMessage ? [memoryMessage] : []), ...(question ? [question] : [])];
  return { prompt, memories: kept };
}
