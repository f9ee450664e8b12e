import "server-only";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { hitRateLimits, throwIfLimited, type RateLimitRule } from "@/lib/usage/rate-limit";
import { sessionCookie } from "./cookie";
import { signSessionToken } from "./jwt";
import { verifyPassword } from "./password";
import { isHttps } from "./session-response";
import { supabaseAuth } from "./supabase";
import type { AuthResult, Credentials } from "./types";

export const loginLimits = {
  perEmail: { limit: 10, windowSeconds: 15 * 60 },
  perAddress: { limit: 50, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Every attempt counts, right or wrong, so guessing is slowed before any password is checked (in
 * both modes: Supabase Auth's own limits are per project, these are per email and address).
 */
export async function logIn(request: Request, { email, password, captchaToken, clientAddress }: Credentials & { clientAddress: string }): Promise<AuthResult> {
  const limits = await hitRateLimits([
    { key: `login:email:${email}`, rule: loginLimits.perEmail },
    { key: `login:address:${clientAddress}`, rule: loginLimits.perAddress },
  ]);
  throwIfLimited(limits, "Too many sign-in attempts. Wait a few minutes and try again.");
  if (env().mode === "supabase") return (await supabaseAuth()).logInWithSupabase(request, { email, password, captchaToken }, isHttps(request));

  const user = await withService("auth.login", async (tx) => {
    const rows = await tx.execute<{ id: string; email: string; encrypted_password: string }>(
      sql`select id, email, encrypted_password from auth.users where lower(email) = ${email}`,
    );
    return rows.rows[0];
  });
  const valid = await verifyPassword(password, user?.encrypted_password ?? null);
  if (!user || !valid) {
    throw new AppError("unauthorized", "bad email or password", { publicMessage: "Email or password is incorrect." });
  }
  await withService("auth.login", (tx) => tx.execute(sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`));
  const { token, expiresAt } = await signSessionToken(user);
  return {
    session: { user: { id: user.id, email: user.email }, accessToken: token, expiresAt },
    setCookies: [sessionCookie(token, { secure: isHttps(request) })],
  };
}
