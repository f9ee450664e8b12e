import "server-only";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { env, supabaseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertBucket, getObjectIfAny, hasBucketKey, listFolder, putObject, removeObjects, signedUploadUrlOf } from "./supabase-bucket";
import { signUploadToken, type UploadGrant } from "./upload-token";

// Where a document's file lives: in the local mode one file per document under the documents
// directory, in the Supabase mode one object per document in the private `documents` bucket; at
// `<user id>/<document id>` in both. Only the server reads either; nothing serves them directly.

const isSupabase = () => env().mode === "supabase";

function documentsRoot(): string {
  const config = env();
  if (config.DOCUMENTS_DIR) return path.resolve(config.DOCUMENTS_DIR);
  // An in-memory database (tests) keeps its files in a directory of this process's own.
  if (config.PGLITE_DATA_DIR.startsWith("memory://")) return path.join(tmpdir(), `mneme-documents-${process.pid}`);
  return path.resolve(`${config.PGLITE_DATA_DIR.replace(/[\\/]+$/, "")}-documents`);
}

export const storagePathOf = ({ userId, documentId }: { userId: string; documentId: string }) => `${userId}/${documentId}`;

/** The file of a storage path; a path that leaves the root (it never should) is refused. */
function fileOf(storagePath: string): string {
  const root = documentsRoot();
  const file = path.resolve(root, storagePath);
  if (!file.startsWith(root + path.sep)) throw new AppError("internal", `storage path outside the documents directory: ${storagePath}`);
  return file;
}

/** Throws before anything is written when this deployment cannot store files (Supabase without its secret key). */
export const assertDocumentStorage = () => (isSupabase() ? assertBucket() : undefined);

export async function writeDocumentFile(storagePath: string, bytes: Uint8Array): Promise<void> {
  if (isSupabase()) return putObject(storagePath, bytes);
  const file = fileOf(storagePath);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, bytes, { mode: 0o600, flag: "wx" });
}

/** Where a client sends a file's bytes itself, and how (POST /api/documents/uploads, API.md). */
export interface SignedUpload {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

/**
 * A URL that stores this one document's file: Supabase Storage's signed upload URL, or in the
 * local mode the app's own (PUT /api/documents/uploads/:id) with a token of ours. `origin` is
 * where the client reached the app.
 */
export async function signedUploadOf(grant: UploadGrant, origin: string): Promise<SignedUpload> {
  const headers = { "content-type": "application/octet-stream" };
  const storagePath = storagePathOf(grant);
  if (isSupabase()) {
    // Storage's gateway takes the project's public key beside the token (as storage-js sends it).
    const apikey = supabaseEnv().NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
    return { url: await signedUploadUrlOf(storagePath), method: "PUT", headers: { ...headers, apikey, "x-upsert": "false" } };
  }
  const url = new URL(`/api/documents/uploads/${grant.documentId}`, origin);
  url.searchParams.set("token", await signUploadToken(grant));
  return { url: url.toString(), method: "PUT", headers };
}

/** The stored file, or null when there is none yet (a signed upload's bytes may not have come). */
export async function readDocumentFileIfAny(storagePath: string): Promise<Buffer | null> {
  if (isSupabase()) return getObjectIfAny(storagePath);
  try {
    return await readFile(fileOf(storagePath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The stored file; 404 when there is none (it should be there: its document says it was taken). */
export async function readDocumentFile(storagePath: string): Promise<Buffer> {
  const bytes = await readDocumentFileIfAny(storagePath);
  if (!bytes) throw new AppError("not_found", `no stored file at ${storagePath}`);
  return bytes;
}

/** Removing a file that is already gone is no error (a retried delete). */
export const deleteDocumentFile = (storagePath: string): Promise<void> =>
  isSupabase() ? removeObjects([storagePath]) : rm(fileOf(storagePath), { force: true });

/** Every file of a person's, when their account is deleted (their rows go by cascade). */
export async function deleteUserDocumentFiles(userId: string): Promise<void> {
  if (!isSupabase()) return rm(fileOf(userId), { recursive: true, force: true });
  // Without the key no upload was taken (assertDocumentStorage), so there is nothing to remove.
  if (!hasBucketKey()) return;
  await removeObjects((await listFolder(userId)).map((entry) => `${userId}/${entry.name}`));
}

/** The stored files, by owner: storage paths and when each was written. */
async function* storedFilesByUser(): AsyncGenerator<{ path: string; writtenAt: Date | null }[]> {
  if (isSupabase()) {
    if (!hasBucketKey()) return;
    for (const folder of await listFolder("")) {
      if (folder.createdAt !== null) continue;
      yield (await listFolder(folder.name)).map((entry) => ({ path: `${folder.name}/${entry.name}`, writtenAt: entry.createdAt }));
    }
    return;
  }
  const root = documentsRoot();
  for (const userId of await readdir(root).catch(() => [] as string[])) {
    const names = await readdir(path.join(root, userId)).catch(() => [] as string[]);
    yield await Promise.all(
      names.map(async (name) => {
        const info = await stat(path.join(root, userId, name)).catch(() => null);
        return { path: `${userId}/${name}`, writtenAt: info ? new Date(info.mtimeMs) : null };
      }),
    );
  }
}

/**
 * Files no document row names any more (rows also go by cascade: a chat's "this chat only"
 * documents with the chat), older than `minAgeMs` so a file written just before its row is left
 * alone. `isStored` answers which of the given storage paths still have a row.
 */
export async function pruneOrphanDocumentFiles(
  isStored: (storagePaths: string[]) => Promise<Set<string>>,
  { minAgeMs = 10 * 60_000 } = {},
): Promise<number> {
  let removed = 0;
  for await (const files of storedFilesByUser()) {
    if (files.length === 0) continue;
    const stored = await isStored(files.map((file) => file.path));
    const orphans = files.filter((file) => !stored.has(file.path) && file.writtenAt !== null && Date.now() - file.writtenAt.getTime() >= minAgeMs);
    if (isSupabase()) await removeObjects(orphans.map((file) => file.path));
    else await Promise.all(orphans.map((file) => rm(fileOf(file.path), { force: true })));
    removed += orphans.length;
  }
  return removed;
}
