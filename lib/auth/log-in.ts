import "server-only";
import { sql } from "drizzle-orm";
import { AppError, isAppError } from "@/lib/errors";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { refundRateLimits, takeRateLimits, throwIfLimited, type RateLimitRule } from "@/lib/usage/rate-limit";
import { accountSuspendedAtSignIn } from "./account-suspended";
import { sessionCookie } from "./cookie";
import { signSessionToken } from "./jwt";
import { hashPassword, isLegacyPasswordHash, verifyPassword } from "./password";
import { isHttps } from "./session-response";
import { supabaseAuth } from "./supabase";
import type { AuthResult, Credentials } from "./types";

/**
 * Failed sign-ins, per 15 minutes. Per email and address, so a guesser elsewhere slows only
 * themselves, not the owner; per email across addresses, much higher, so guessing spread over
 * many addresses still stops; per address, so one address cannot spray many accounts.
 */
export const loginLimits = {
  perEmailAndAddress: { limit: 10, windowSeconds: 15 * 60 },
  perEmail: { limit: 100, windowSeconds: 15 * 60 },
  perAddress: { limit: 50, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

/** The window keys of an email's failures (lib/db/queries/account.ts drops them with the account). */
export const loginEmailKey = (email: string) => `login:email:${email}`;
export const loginEmailAndAddressKey = (email: string, clientAddress: string) => `login:email-address:${email} ${clientAddress}`;
const loginAddressKey = (clientAddress: string) => `login:address:${clientAddress}`;

/**
 * Signs in, in both modes (Supabase Auth's own limits are per project and see only our servers'
 * addresses). Each attempt is counted before the password is checked, atomically and only while
 * every limit has room, so racing guesses cannot exceed them; then a success gives its count back,
 * so only failures stay counted.
 */
export async function logIn(request: Request, { email, password, captchaToken, clientAddress }: Credentials & { clientAddress: string }): Promise<AuthResult> {
  const attempt = await takeRateLimits([
    { key: loginEmailAndAddressKey(email, clientAddress), rule: loginLimits.perEmailAndAddress },
    { key: loginEmailKey(email), rule: loginLimits.perEmail },
    { key: loginAddressKey(clientAddress), rule: loginLimits.perAddress },
  ]);
  throwIfLimited(attempt, "Too many failed sign-in attempts. Wait a few minutes and try again.");
  try {
    const result = await checkCredentials(request, { email, password, captchaToken });
    await refundRateLimits(attempt);
    return result;
  } catch (error) {
    // Only a wrong password counts against the account; anything else (a refused CAPTCHA, Auth
    // being down) counts against the caller's address alone.
    if (!(isAppError(error) && error.code === "unauthorized")) await refundRateLimits(attempt.filter((taken) => taken.key !== loginAddressKey(clientAddress)));
    throw error;
  }
}

async function checkCredentials(request: Request, { email, password, captchaToken }: Credentials): Promise<AuthResult> {
  if (env().mode === "supabase") return (await supabaseAuth()).logInWithSupabase(request, { email, password, captchaToken }, isHttps(request));

  const user = await withService("auth.login", async (tx) => {
    const rows = await tx.execute<{ id: string; email: string; encrypted_password: string; status: string | null }>(
      sql`select u.id, u.email, u.encrypted_password, p.status from auth.users u left join public.usage_plans p on p.user_id = u.id where lower(u.email) = ${email}`,
    );
    return rows.rows[0];
  });
  const valid = await verifyPassword(password, user?.encrypted_password ?? null);
  if (!user || !valid) {
    throw new AppError("unauthorized", "bad email or password", { publicMessage: "Email or password is incorrect." });
  }
  // Only after the password: the answer must not tell a guesser which accounts are suspended.
  if (user.status === "suspended") throw accountSuspendedAtSignIn();
  // A hash from before every character counted is replaced while the password is at hand.
  const rehashed = isLegacyPasswordHash(user.encrypted_password) ? await hashPassword(password) : null;
  await withService("auth.login", (tx) =>
    tx.execute(
      sql`update auth.users set last_sign_in_at = now(), encrypted_password = coalesce(${rehashed}, encrypted_password) where id = ${user.id}`,
    ),
  );
  const { token, expiresAt } = await signSessionToken(user);
  return {
    session: { user: { id: user.id, email: user.email }, accessToken: token, expiresAt },
    setCookies: [sessionCookie(token, { secure: isHttps(request) })],
  };
}
