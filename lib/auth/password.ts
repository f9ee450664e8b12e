import "server-only";
import { createHash, createHmac } from "node:crypto";
import bcrypt from "bcryptjs";

// bcrypt, as Supabase's auth.users.encrypted_password; the async API yields to other requests.
const cost = 10;
/** bcrypt reads only the first 72 bytes of what it hashes; the rest would not count. */
const bcryptInputBytes = 72;
/** Marks a local hash of the password's digest: `$bcrypt-sha256$2b$10$<salt><hash>`. */
const digestPrefix = "$bcrypt-sha256$";
const dummyHash = bcrypt.hashSync("not-a-real-password", cost);

/**
 * What bcrypt hashes for a new local password: HMAC-SHA-256 of all of it (44 base64 characters,
 * never a NUL), keyed with the bcrypt salt so the digest is no unsalted SHA-256 that a leak
 * elsewhere could be matched against.
 */
const digestOf = (password: string, salt: string) => createHmac("sha256", salt).update(password, "utf8").digest("base64");

/** A new local password hash, in which every character counts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = await bcrypt.genSalt(cost);
  const hash = await bcrypt.hash(digestOf(password, salt), salt);
  return `${digestPrefix}${hash.slice(1)}`;
}

/**
 * Checks a password against a stored hash: ours, or a plain bcrypt hash from before (which only
 * ever covered 72 bytes). Compares against a dummy hash when there is no user, so unknown emails
 * take as long as wrong passwords.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (stored === null) {
    await bcrypt.compare(password, dummyHash);
    return false;
  }
  if (!stored.startsWith(digestPrefix)) return bcrypt.compare(password, stored);
  const hash = `$${stored.slice(digestPrefix.length)}`;
  // `$2b$10$` and 22 characters of salt.
  return bcrypt.compare(digestOf(password, hash.slice(0, 29)), hash);
}

/** A plain bcrypt hash: rehash it at the next sign-in, when the password is at hand. */
export const isLegacyPasswordHash = (stored: string) => !stored.startsWith(digestPrefix);

/**
 * The password as Supabase Auth gets it. Auth hashes with bcrypt and refuses more than 72 bytes,
 * where our contract allows 128 characters that all count: a longer password is sent as its
 * SHA-256 (43 base64url characters), at sign-up and at every sign-in alike; one of up to 72 bytes
 * goes unchanged, as it always has. Changing this would lock out every account it applies to.
 */
export function passwordForSupabaseAuth(password: string): string {
  if (Buffer.byteLength(password, "utf8") <= bcryptInputBytes) return password;
  return createHash("sha256").update(password, "utf8").digest("base64url");
}
