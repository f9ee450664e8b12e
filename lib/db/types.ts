// Shapes the database stores in JSON columns. No `server-only`: the browser renders them too, by type.

/** A memory a reply was given, as stored on the assistant message (`messages.memories`) and shown under it. */
export interface UsedMemory {
  messageId: string;
  chatId: string;
  chatTitle: string;
  snippet: string;
  similarity: number;
  createdAt: string;
}
