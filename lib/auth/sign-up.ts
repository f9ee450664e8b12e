import "server-only";
import { sql } from "drizzle-orm";
import { userError } from "@/lib/errors";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { sessionCookie } from "./cookie";
import { signSessionToken } from "./jwt";
import { hashPassword } from "./password";
import { isHttps } from "./session-response";
import { supabaseAuth } from "./supabase";
import type { AuthResult } from "./types";

const uniqueViolation = "23505";

/** Creates the account and signs it in: through Supabase Auth, or in our own `auth.users`. */
export async function signUp(request: Request, credentials: { email: string; password: string }): Promise<AuthResult> {
  if (env().mode === "supabase") return (await supabaseAuth()).signUpWithSupabase(request, credentials, isHttps(request));
  const { email, password } = credentials;
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
  return { session: { user, accessToken: token, expiresAt }, setCookies: [sessionCookie(token, { secure: isHttps(request) })] };
}
