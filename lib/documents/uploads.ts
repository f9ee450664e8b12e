import "server-only";
import { randomUUID } from "node:crypto";
import { deleteDocumentById, deleteUnfinishedUploads, markDocumentUploaded } from "@/lib/db/queries/documents";
import { withServiceStatement, withUserAtOnce, type DbUser } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError, isAppError, userError } from "@/lib/errors";
import { documentFileLimits } from "@/lib/usage/limits";
import { cleanFileName, createDocumentWithinQuota, getOwnDocument, megabytes, presentDocument } from "./documents";
import { inspectFile } from "./inspect-file";
import { assertDocumentStorage, deleteDocumentFile, readDocumentFileIfAny, signedUploadOf, storagePathOf, writeDocumentFile, type SignedUpload } from "./storage";
import { documentMimeTypes, type DocumentInfo, type DocumentScope } from "./types";
import { uploadTokenLifetimeSeconds, verifyUploadToken, type UploadGrant } from "./upload-token";

// A file larger than a request body may be comes in three steps: the client declares it and gets
// a signed URL with its document (`startUpload`), sends the bytes there itself, then asks for them
// to be checked (`finishUpload`). Until then the row reserves the declared bytes against the plan,
// and nothing indexes it; an upload never finished is removed after the URL has expired.

/** A row waiting for its file's bytes has no real type yet: they tell it. */
const typeUntilChecked = "application/octet-stream";

export interface StartUploadInput {
  name: string;
  bytes: number;
  scope: DocumentScope;
  chatId: string | null;
}

export async function startUpload(user: DbUser, input: StartUploadInput, origin: string): Promise<{ document: DocumentInfo; upload: SignedUpload }> {
  assertDocumentStorage();
  if (input.bytes > documentFileLimits.bytes) {
    throw userError("payload_too_large", `The file is ${megabytes(input.bytes)}; a document may be at most ${megabytes(documentFileLimits.bytes)}.`);
  }
  const row = await createDocumentWithinQuota(user, {
    id: randomUUID(),
    name: cleanFileName(input.name),
    mimeType: typeUntilChecked,
    bytes: input.bytes,
    pages: null,
    scope: input.scope,
    chatId: input.chatId,
    awaitingUpload: true,
  });
  try {
    const upload = await signedUploadOf({ userId: user.id, documentId: row.id, bytes: input.bytes }, origin);
    return { document: presentDocument(row), upload };
  } catch (error) {
    await discard(user, row.id, row.storagePath);
    throw error;
  }
}

/**
 * Checks the bytes a signed upload stored, as a direct upload's are checked, and queues the
 * document's indexing. A file that fails the check is refused with the reason (413, 415, 422) and
 * goes with its document: nothing half-stored remains. Asked again once it is taken, it answers
 * the document as it is; 409 while no bytes have come.
 */
export async function finishUpload(user: DbUser, id: string): Promise<DocumentInfo> {
  const row = await getOwnDocument(user, id);
  if (row.uploadedAt !== null) return presentDocument(row);
  const bytes = await readDocumentFileIfAny(row.storagePath);
  if (!bytes) throw userError("conflict", "The file has not arrived: send its bytes to the upload URL first.");
  try {
    if (bytes.byteLength !== row.bytes) {
      throw userError("unprocessable", `The stored file is ${bytes.byteLength} bytes, but ${row.bytes} were declared. Start the upload again.`);
    }
    const { format, pages } = await inspectFile(new Uint8Array(bytes), row.name);
    const uploaded = await withUserAtOnce(user, (tx) => markDocumentUploaded(tx, { id, userId: user.id, mimeType: documentMimeTypes[format], pages }));
    // Null: a parallel call took it first, or the document was deleted meanwhile.
    return presentDocument(uploaded ?? (await getOwnDocument(user, id)));
  } catch (error) {
    if (isAppError(error) && error.status < 500) await discard(user, id, row.storagePath);
    throw error;
  }
}

async function discard(user: DbUser, id: string, storagePath: string): Promise<void> {
  await withUserAtOnce(user, (tx) => deleteDocumentById(tx, { id, userId: user.id }));
  await deleteDocumentFile(storagePath);
}

/**
 * Removes documents whose upload was started and never finished, once their URL has expired (a
 * bounded number per run); a file that came without its check goes with the sweep of files no
 * document names. Part of the periodic maintenance.
 */
export const pruneUnfinishedUploads = (): Promise<number> =>
  withServiceStatement("documents.files", (db) =>
    deleteUnfinishedUploads(db, { before: new Date(Date.now() - uploadTokenLifetimeSeconds * 1000 - 60_000), limit: 500 }),
  );

/**
 * The local mode's signed upload URL (PUT /api/documents/uploads/:id): the grant of its token, or
 * 403 for a token that is not ours, has expired or names another document. The Supabase mode
 * hands out Storage's own URLs, so there the path names nothing.
 */
export async function grantOfUploadUrl(documentId: string, token: string): Promise<UploadGrant> {
  if (env().mode === "supabase") throw new AppError("not_found");
  const grant = await verifyUploadToken(token, documentId);
  if (!grant) throw userError("forbidden", "The upload URL is not valid or has expired. Start the upload again.");
  return grant;
}

/** Stores a signed upload's bytes, once: a second upload to the same URL is 409, as Storage's is. */
export async function storeSignedUpload(grant: UploadGrant, bytes: Uint8Array): Promise<void> {
  try {
    await writeDocumentFile(storagePathOf(grant), bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw userError("conflict", "This upload URL has been used: the file is stored.");
    throw error;
  }
}
