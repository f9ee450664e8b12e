import "server-only";
import { sql } from "drizzle-orm";
import { userError } from "@/lib/errors";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { hitRateLimits, throwIfLimited, type RateLimitRule } from "@/lib/usage/rate-limit";
import { sessionCookie } from "./cookie";
import { signSessionToken } from "./jwt";
import { hashPassword } from "./password";
import { isHttps } from "./session-response";
import { supabaseAuth } from "./supabase";
import type { AuthResult, Credentials } from "./types";

const uniqueViolation = "23505";

/** New accounts per client address: every attempt counts, taken or not, so neither floods nor probes pay off. */
export const signupLimitPerAddress = (): RateLimitRule => ({ limit: env().RATE_LIMIT_SIGNUPS_PER_HOUR, windowSeconds: 60 * 60 });

/**
 * Creates the account and signs it in: through Supabase Auth, or in our own `auth.users`. On
 * Supabase, Auth's own endpoint is open to anyone with the publishable key, so this limit guards
 * only our route there; Auth's CAPTCHA protection guards both (DEPLOY.md).
 */
export async function signUp(request: Request, { clientAddress, ...credentials }: Credentials & { clientAddress: string }): Promise<AuthResult> {
  throwIfLimited(
    await hitRateLimits([{ key: `signup:address:${clientAddress}`, rule: signupLimitPerAddress() }]),
    "Too many new accounts from your network. Try again later.",
  );
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
