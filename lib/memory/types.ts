import type { UsedMemory, UsedMessage, UsedPassage } from "@/lib/db/types";
import type { DocumentPassageResult } from "@/lib/documents/types";

export type { UsedMemory, UsedMessage, UsedPassage };
export { isUsedPassage } from "@/lib/db/types";

export interface MemoryResult extends UsedMessage {
  role: "user" | "assistant";
}

/** Where a memory search result comes from. */
export const memorySources = ["message", "document"] as const;
export type MemorySource = (typeof memorySources)[number];

/** A memory search result: a past message, or a passage of a document. */
export type MemorySearchResult = (MemoryResult & { source: "message" }) | DocumentPassageResult;

