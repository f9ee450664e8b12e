import "server-only";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * The local mode's file store: one file per document under the documents directory, at
 * `<user id>/<document id>`. Only the server reads it; nothing serves the directory itself.
 */
function documentsRoot(): string {
  const config = env();
  if (config.mode === "supabase") {
    // Supabase Storage (a private bucket with signed uploads) is not wired yet: refuse, do not pretend.
    throw new AppError("unavailable", "document storage is not available in the Supabase mode", {
      publicMessage: "Uploading documents is not available on this deployment yet.",
    });
  }
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

/** Throws before anything is written when this mode stores no files. */
export const assertDocumentStorage = () => void documentsRoot();

export async function writeDocumentFile(storagePath: string, bytes: Uint8Array): Promise<void> {
  const file = fileOf(storagePath);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, bytes, { mode: 0o600, flag: "wx" });
}

export const readDocumentFile = (storagePath: string): Promise<Buffer> => readFile(fileOf(storagePath));

/** Removing a file that is already gone is no error (a retried delete). */
export const deleteDocumentFile = (storagePath: string): Promise<void> => rm(fileOf(storagePath), { force: true });

/** Every file of a person's, when their account is deleted (their rows go by cascade). */
export const deleteUserDocumentFiles = (userId: string): Promise<void> => rm(fileOf(userId), { recursive: true, force: true });

/**
 * Files no document row names any more (rows also go by cascade: a chat's "this chat only"
 * documents with the chat), older than `minAgeMs` so a file written just before its row is left
 * alone. `isStored` answers which of the given storage paths still have a row.
 */
export async function pruneOrphanDocumentFiles(
  isStored: (storagePaths: string[]) => Promise<Set<string>>,
  { minAgeMs = 10 * 60_000 } = {},
): Promise<number> {
  if (env().mode !== "local") return 0;
  const root = documentsRoot();
  const users = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const userId of users) {
    const names = await readdir(path.join(root, userId)).catch(() => [] as string[]);
    const paths = names.map((name) => `${userId}/${name}`);
    if (paths.length === 0) continue;
    const stored = await isStored(paths);
    for (const storagePath of paths.filter((candidate) => !stored.has(candidate))) {
      const file = fileOf(storagePath);
      const info = await stat(file).catch(() => null);
      if (!info || Date.now() - info.mtimeMs < minAgeMs) continue;
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
