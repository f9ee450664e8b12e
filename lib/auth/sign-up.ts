import "server-only";
import { sql } from "drizzle-orm";
import { userError } from "@/lib/errors";
import { withService } from "@/lib/db/transaction";
import { signSessionToken } from "./jwt";
import { hashPassword } from "./password";
import type { AuthSession } from "./types";

const uniqueViolation = "23505";

export async function signUp({ email, password }: { email: string; password: string }): Promise<AuthSession> {
  const encryptedPassword = await hashPassword(password);
  const user = await withService("auth.signup", async (tx) => {
    // The profile is created by the on_auth_user_created trigger, as on Supabase.
    const rows = await tx.execute<{ id: string; email: string }>(
      sql`insert into auth.users (email, encrypted_password) values (${email}, ${encryptedPassword})
          on conflict do nothing returning id, email`,
    );
    return rows.rows[0];
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === uniqueViolation) return undefined;
    throw error;
  });
  if (!user) throw userError("conflict", "An account with this email already exists.");
  const { token, expiresAt } = await signSessionToken(user);
  return { user, accessToken: token, expiresAt };
}
