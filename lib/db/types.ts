// Shapes the database stores in JSON columns. No `server-only`: the browser renders them too, by type.

/**
 * A past message a reply was given, as stored on the assistant message (`messages.memories`) and
 * shown under it. Replies stored before documents joined memory carry no `source`.
 */
export interface UsedMessage {
  source?: "message";
  messageId: string;
  chatId: string;
  chatTitle: string;
  snippet: string;
  similarity: number;
  createdAt: string;
}

/** A passage of one of the person's documents a reply was given: its source, listed under it. */
export interface UsedPassage {
  source: "document";
  documentId: string;
  documentName: string;
  /** The passage's place in the document (from 0), for opening the document at it. */
  passage: number;
  /** The page of a PDF (from 1); null for formats without pages. */
  page: number | null;
  /** The heading the passage falls under, when it has one. */
  section: string | null;
  snippet: string;
  similarity: number;
  /** When the document was added. */
  createdAt: string;
}

/** A document attached to a message, as it was named when the message was sent (`messages.attachments`). */
export interface MessageAttachment {
  documentId: string;
  name: string;
}

/** What a reply was given from memory: past messages and document passages. */
export type UsedMemory = UsedMessage | UsedPassage;

export const isUsedPassage = (memory: UsedMemory): memory is UsedPassage => memory.source === "document";
