import "server-only";
import bcrypt from "bcryptjs";

// bcrypt, as Supabase's auth.users.encrypted_password; the async API yields to other requests.
const cost = 10;
const dummyHash = bcrypt.hashSync("not-a-real-password", cost);

export const hashPassword = (password: string) => bcrypt.hash(password, cost);

/** Compares against a dummy hash when there is no user, so unknown emails take as long as wrong passwords. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? dummyHash);
  return hash !== null && matches;
}
