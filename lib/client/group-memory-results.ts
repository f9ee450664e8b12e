import type { DocumentPassageResult } from "@/lib/documents/types";
import type { MemoryResult, MemorySearchResult } from "@/lib/memory/types";

export interface ChatResultGroup {
  kind: "chat";
  key: string;
  chatId: string;
  chatTitle: string;
  results: MemoryResult[];
}

export interface DocumentResultGroup {
  kind: "document";
  key: string;
  documentId: string;
  documentName: string;
  results: DocumentPassageResult[];
}

export type MemoryResultGroup = ChatResultGroup | DocumentResultGroup;

/**
 * Results by chat or by document, each group in the order of its best hit, hits in rank order
 * within it.
 */
export function groupMemoryResults(results: MemorySearchResult[]): MemoryResultGroup[] {
  const groups = new Map<string, MemoryResultGroup>();
  for (const result of results) {
    if (result.source === "document") {
      const key = `document:${result.documentId}`;
      const group = groups.get(key);
      if (group?.kind === "document") group.results.push(result);
      else groups.set(key, { kind: "document", key, documentId: result.documentId, documentName: result.documentName, results: [result] });
    } else {
      const key = `chat:${result.chatId}`;
      const group = groups.get(key);
      if (group?.kind === "chat") group.results.push(result);
      else groups.set(key, { kind: "chat", key, chatId: result.chatId, chatTitle: result.chatTitle, results: [result] });
    }
  }
  return [...groups.values()];
}
