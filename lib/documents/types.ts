// The documents API's shapes (API.md, "Documents"). No `server-only`: the browser renders them too.

export type DocumentStatus = "queued" | "indexing" | "ready" | "error";
export type DocumentScope = "memory" | "chat";

export const documentMimeTypes = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  markdown: "text/markdown",
  text: "text/plain",
} as const;

export type DocumentFormat = keyof typeof documentMimeTypes;

export interface DocumentInfo {
  id: string;
  name: string;
  mimeType: string;
  bytes: number;
  pages: number | null;
  status: DocumentStatus;
  /** 0..1 while indexing; 1 once ready. */
  progress: number;
  /** Why indexing failed, for `status: "error"`. */
  error: string | null;
  scope: DocumentScope;
  chatId: string | null;
  createdAt: string;
}

/** A passage found by memory search, where a message result would name its chat. */
export interface DocumentPassageResult {
  source: "document";
  documentId: string;
  documentName: string;
  /** The page of a PDF (from 1); null for formats without pages. */
  page: number | null;
  /** The heading the passage falls under, when it has one. */
  section: string | null;
  snippet: string;
  similarity: number;
  createdAt: string;
}

/** What the caller's plan lets them keep, and what they hold now (GET /api/documents). */
export interface DocumentAllowance {
  limits: {
    /** Per file. */
    fileBytes: number;
    pages: number;
    docxUnpackedBytes: number;
    /** Per person. */
    totalBytes: number;
    documents: number;
  };
  used: { bytes: number; documents: number };
}
