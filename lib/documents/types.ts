// The documents API's shapes (API.md, "Documents"). No `server-only`: the browser renders them too.
import type { UsedPassage } from "@/lib/db/types";

export type DocumentStatus = "queued" | "indexing" | "ready" | "error";
export type DocumentScope = "memory" | "chat";

export const documentMimeTypes = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  markdown: "text/markdown",
  text: "text/plain",
} as const;

export type DocumentFormat = keyof typeof documentMimeTypes;

/**
 * The largest file POST /api/documents takes in its body, under what a serverless function accepts
 * beside the form's other fields (Vercel: 4.5 MB); larger ones go through POST /api/documents/uploads.
 */
export const directUploadMaxBytes = 4 * 1024 * 1024;

/** What a file picker offers: the formats' names and types (the server reads the bytes whatever it is told). */
export const acceptedDocumentFiles = [".pdf", ".docx", ".md", ".markdown", ".txt", ...Object.values(documentMimeTypes)].join(",");

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
  /** When the file's bytes were checked and taken; null while a signed upload waits for them. */
  uploadedAt: string | null;
}

/** A passage found by memory search, where a message result would name its chat. */
export type DocumentPassageResult = UsedPassage;

/** One passage of a document as the reader shows it (GET /api/documents/:id/passages). */
export interface DocumentPassage {
  /** Its place in the document, from 0: what a cited source names. */
  passage: number;
  page: number | null;
  section: string | null;
  content: string;
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
