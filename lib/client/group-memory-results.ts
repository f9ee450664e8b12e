import type { MemoryResult } from "@/lib/memory/types";

export interface MemoryResultGroup {
  chatId: string;
  chatTitle: string;
  results: MemoryResult[];
}

/** Results by chat, chats in the order of their best hit, hits in rank order within each chat. */
export function groupMemoryResultsByChat(results: MemoryResult[]): MemoryResultGroup[] {
  const groups = new Map<string, MemoryResultGroup>();
  for (const result of results) {
    const group = groups.get(result.chatId);
    if (group) group.results.push(result);
    else groups.set(result.chatId, { chatId: result.chatId, chatTitle: result.chatTitle, results: [result] });
  }
  return [...groups.values()];
}
