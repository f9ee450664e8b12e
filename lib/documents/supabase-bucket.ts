import "server-only";
import { createClient } from "@supabase/supabase-js";
import { env, supabaseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The private bucket of migration 20261206000300_documents_bucket. */
export const documentsBucket = "documents";

type Bucket = ReturnType<ReturnType<typeof createClient>["storage"]["from"]>;
let cached: { key: string; bucket: Bucket } | undefined;

/** The bucket, through Storage's API with the secret key: no policy lets any other caller in. */
function bucket(): Bucket {
  const secretKey = env().SUPABASE_SECRET_KEY;
  if (!secretKey) {
    throw new AppError("unavailable", "SUPABASE_SECRET_KEY is not set: documents are kept in Supabase Storage with it", {
      publicMessage: "Uploading documents is not available on this deployment yet.",
    });
  }
  const url = supabaseEnv().NEXT_PUBLIC_SUPABASE_URL;
  if (cached?.key !== `${url} ${secretKey}`) {
    const client = createClient(url, secretKey, { auth: { persistSession: false, autoRefreshToken: false } });
    cached = { key: `${url} ${secretKey}`, bucket: client.storage.from(documentsBucket) };
  }
  return cached.bucket;
}

function storageFailure(what: string, error: { message: string }): AppError {
  return new AppError("unavailable", `Supabase Storage: ${what} failed: ${error.message}`, { cause: error });
}

/** Whether the bucket can be reached: without the secret key nothing was ever stored in it. */
export const hasBucketKey = () => env().SUPABASE_SECRET_KEY !== undefined;

/** Throws before anything is written when the bucket cannot be reached with a key. */
export const assertBucket = () => void bucket();

export async function putObject(path: string, bytes: Uint8Array): Promise<void> {
  const { error } = await bucket().upload(path, bytes, { contentType: "application/octet-stream", upsert: false });
  if (error) throw storageFailure(`storing ${path}`, error);
}

/**
 * A URL that lets whoever holds it store this one object, once, for two hours (Storage's own
 * signed upload: its token names the object; the bucket's size limit still holds).
 */
export async function signedUploadUrlOf(path: string): Promise<string> {
  const { data, error } = await bucket().createSignedUploadUrl(path);
  if (error) throw storageFailure(`signing an upload of ${path}`, error);
  return data.signedUrl;
}

// storage-js's StorageApiError carries the HTTP status and Storage's own code ("404" or "not_found").
const isMissingObject = (error: { message: string; status?: number; statusCode?: string }) =>
  (error.status === 400 || error.status === 404) && /^(404|not_found)$/i.test(error.statusCode ?? "");

/** The object, or null when Storage has none at that path (it answers 400 or 404 for that). */
export async function getObjectIfAny(path: string): Promise<Buffer | null> {
  const { data, error } = await bucket().download(path);
  if (error && isMissingObject(error)) return null;
  if (error) throw storageFailure(`reading ${path}`, error);
  return Buffer.from(await data.arrayBuffer());
}

/** Removing objects that are already gone is no error (Storage answers with the ones it removed). */
export async function removeObjects(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const { error } = await bucket().remove(paths);
  if (error) throw storageFailure(`removing ${paths.length} objects`, error);
}

export interface ListedObject {
  name: string;
  /** Null for a folder (a prefix of other objects' names). */
  createdAt: Date | null;
}

/** Everything directly under `folder` ("" for the bucket's top), a page of a thousand at a time. */
export async function listFolder(folder: string): Promise<ListedObject[]> {
  const listed: ListedObject[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { data, error } = await bucket().list(folder, { limit: 1000, offset, sortBy: { column: "name", order: "asc" } });
    if (error) throw storageFailure(`listing ${folder || "the bucket"}`, error);
    listed.push(...data.map((entry) => ({ name: entry.name, createdAt: entry.id && entry.created_at ? new Date(entry.created_at) : null })));
    if (data.length < 1000) return listed;
  }
}
