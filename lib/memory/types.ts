export interface MemoryResult {
  messageId: string;
  chatId: string;
  chatTitle: string;
  role: "user" | "assistant";
  snippet: string;
  similarity: number;
  createdAt: string;
}

/** A memory a reply was given, as stored on the assistant message and shown under it. */
export type UsedMemory = Omit<MemoryResult, "role">;
