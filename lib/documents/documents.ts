import "server-only";
import { randomUUID } from "node:crypto";
import {
  createDocument,
  deleteDocumentById,
  getDocumentById,
  listDocumentPassages,
  listDocumentsByUserId,
  lockDocumentTotals,
  requeueFailedDocument,
  type DocumentRow,
} from "@/lib/db/queries/documents";
import { getPlanDocumentLimits } from "@/lib/db/queries/usage/plans";
import { withUser, withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { AppError, userError } from "@/lib/errors";
import { documentFileLimits } from "@/lib/usage/limits";
import { inspectFile } from "./inspect-file";
import { assertDocumentStorage, deleteDocumentFile, readDocumentFile, storagePathOf, writeDocumentFile } from "./storage";
import { getEmbeddingProvider } from "@/lib/memory/embeddings/provider";
import { directUploadMaxBytes, documentMimeTypes, type DocumentAllowance, type DocumentInfo, type DocumentPassage, type DocumentScope } from "./types";

export const presentDocument = (row: DocumentRow): DocumentInfo => ({
  id: row.id,
  name: row.name,
  mimeType: row.mimeType,
  bytes: row.bytes,
  pages: row.pages,
  status: row.status,
  progress: Math.round(row.progress * 1000) / 1000,
  error: row.error,
  scope: row.scope,
  chatId: row.chatId,
  createdAt: row.createdAt.toISOString(),
  uploadedAt: row.uploadedAt?.toISOString() ?? null,
});

/** A file name as shown: no folders, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return base.slice(0, 255) || "Untitled";
}

export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export interface UploadInput {
  file: File;
  scope: DocumentScope;
  chatId: string | null;
}

export type NewDocument = Omit<Parameters<typeof createDocument>[1], "userId" | "storagePath">;

/**
 * Makes the user's document row within their plan's count and storage (counted one upload at a
 * time per person); 404 for a chat that is not theirs.
 */
export async function createDocumentWithinQuota(user: DbUser, document: NewDocument): Promise<DocumentRow> {
  const row = await withUser(user, async (tx) => {
    const [held, limits] = await Promise.all([lockDocumentTotals(tx, { userId: user.id }), getPlanDocumentLimits(tx, { userId: user.id })]);
    if (held.count + 1 > limits.documents) {
      throw new AppError("quota_exceeded", "document count", { publicMessage: `Your plan keeps at most ${limits.documents} documents. Delete one to add another.` });
    }
    if (held.bytes + document.bytes > limits.totalBytes) {
      throw new AppError("quota_exceeded", "document storage", {
        publicMessage: `Your plan keeps ${megabytes(limits.totalBytes)} of documents and ${megabytes(held.bytes)} are used. Delete some to add this one.`,
      });
    }
    return createDocument(tx, { ...document, userId: user.id, storagePath: storagePathOf({ userId: user.id, documentId: document.id }) });
  });
  if (!row) throw userError("not_found", "No such chat.");
  return row;
}

/**
 * Stores a file sent in the request body as a document of the user's and queues its indexing. The
 * bytes are checked first (./inspect-file.ts); the file is written before its row, so the worker
 * never finds a row without a file, and removed again when the row is refused (quota, unknown chat).
 */
export async function uploadDocument(user: DbUser, { file, scope, chatId }: UploadInput): Promise<DocumentInfo> {
  assertDocumentStorage();
  if (file.size > directUploadMaxBytes) throw tooLargeForRequestBody(file.size);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = cleanFileName(file.name);
  const { format, pages } = await inspectFile(bytes, name);

  const id = randomUUID();
  const storagePath = storagePathOf({ userId: user.id, documentId: id });
  await writeDocumentFile(storagePath, bytes);
  try {
    const row = await createDocumentWithinQuota(user, { id, name, mimeType: documentMimeTypes[format], bytes: bytes.byteLength, pages, scope, chatId });
    return presentDocument(row);
  } catch (error) {
    await deleteDocumentFile(storagePath);
    throw error;
  }
}

/** 413 for a file that may be a document but not in a request body: it goes through a signed upload. */
export const tooLargeForRequestBody = (bytes: number) =>
  userError(
    "payload_too_large",
    `The upload is ${megabytes(bytes)}; a request body takes a file of at most ${megabytes(directUploadMaxBytes)}. Send larger files (up to ${megabytes(documentFileLimits.bytes)}) through POST /api/documents/uploads.`,
  );

/** The caller's documents, newest first, with their plan's limits and what they use of them. */
export async function listDocuments(user: DbUser): Promise<{ documents: DocumentInfo[] } & DocumentAllowance> {
  const [rows, planLimits] = await withUserAtOnce(user, (tx) =>
    Promise.all([listDocumentsByUserId(tx, { userId: user.id }), getPlanDocumentLimits(tx, { userId: user.id })]),
  );
  return {
    documents: rows.map(presentDocument),
    limits: {
      fileBytes: documentFileLimits.bytes,
      pages: documentFileLimits.pages,
      docxUnpackedBytes: documentFileLimits.docxDecompressedBytes,
      totalBytes: planLimits.totalBytes,
      documents: planLimits.documents,
    },
    used: { bytes: rows.reduce((sum, row) => sum + row.bytes, 0), documents: rows.length },
  };
}

export async function getOwnDocument(user: DbUser, id: string): Promise<DocumentRow> {
  const row = await withUserAtOnce(user, (tx) => getDocumentById(tx, { id, userId: user.id }));
  if (!row) throw new AppError("not_found");
  return row;
}

export const getDocument = async (user: DbUser, id: string): Promise<DocumentInfo> => presentDocument(await getOwnDocument(user, id));

/** A document with its passages in order (none until it is indexed), for reading one at a cited place. */
export async function getDocumentPassages(user: DbUser, id: string): Promise<{ document: DocumentInfo; passages: DocumentPassage[] }> {
  const { model } = getEmbeddingProvider();
  const [row, passages] = await withUserAtOnce(user, (tx) =>
    Promise.all([getDocumentById(tx, { id, userId: user.id }), listDocumentPassages(tx, { documentId: id, userId: user.id, model })]),
  );
  if (!row) throw new AppError("not_found");
  return { document: presentDocument(row), passages: passages.map(({ ordinal, page, section, content }) => ({ passage: ordinal, page, section, content })) };
}

/** The stored file and what to call it, for its owner only. */
export async function getDocumentFile(user: DbUser, id: string): Promise<{ document: DocumentInfo; bytes: Buffer }> {
  const row = await getOwnDocument(user, id);
  if (row.uploadedAt === null) throw userError("conflict", "The file has not finished uploading.");
  return { document: presentDocument(row), bytes: await readDocumentFile(row.storagePath) };
}

/** Deletes the document, its passages and vectors (cascade), its jobs (trigger), then its file. */
export async function deleteDocument(user: DbUser, id: string): Promise<void> {
  const storagePath = await withUserAtOnce(user, (tx) => deleteDocumentById(tx, { id, userId: user.id }));
  if (!storagePath) throw new AppError("not_found");
  await deleteDocumentFile(storagePath);
}

/** Another attempt at a document whose indexing failed; 409 for one that has not failed. */
export async function retryDocument(user: DbUser, id: string): Promise<DocumentInfo> {
  const row = await withUserAtOnce(user, (tx) => requeueFailedDocument(tx, { id, userId: user.id }));
  if (row) return presentDocument(row);
  await getOwnDocument(user, id);
  throw userError("conflict", "Only a document whose indexing failed can be retried.");
}
