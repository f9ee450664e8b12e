import "server-only";
import { combineChunks, parseCookieHeader, stringFromBase64URL } from "@supabase/ssr";
import type { AuthError, Session } from "@supabase/supabase-js";
import { supabaseEnv } from "@/lib/env";
import { AppError, userError } from "@/lib/errors";
import { createRequestClient, setCookieHeaders, tokenVerifier, type CookieToSet } from "@/lib/supabase/server";
import { verifySupabaseAccessToken } from "@/lib/supabase/verify-token";

export { setCookieHeaders };
import { accountSuspendedAtSignIn } from "./account-suspended";
import { passwordForSupabaseAuth } from "./password";
import type { AuthResult, Credentials } from "./types";

/**
 * The auth routes of API.md on Supabase Auth: the same answers as the local mode, with Supabase's
 * session cookies (`sb-<project>-auth-token`, written by @supabase/ssr) instead of ours, and
 * Supabase access tokens as the bearer tokens.
 */

export interface VerifiedClaims {
  sub: string;
  email: string;
  /** `app_metadata.role`: only the service role writes app_metadata (users write user_metadata). */
  appRole?: string;
  /** The verified token itself, for Supabase services that act as the person (Realtime's private topics). */
  accessToken: string;
}

function clientFor(request: Request) {
  const written: CookieToSet[] = [];
  const client = createRequestClient(request.headers.get("cookie"), (cookies) => written.push(...cookies));
  return { client, written };
}

function toResult(session: Session, setCookies: string[]): AuthResult {
  return {
    session: {
      user: { id: session.user.id, email: session.user.email ?? "" },
      accessToken: session.access_token,
      expiresAt: session.expires_at ?? Math.floor(Date.now() / 1000) + session.expires_in,
    },
    setCookies,
  };
}

/**
 * Auth's errors that every operation shares: its rate limits (per project and per address, and
 * every call comes from our servers' addresses: DEPLOY.md raises them) as our 429, a malformed
 * email as our 400; anything else is Auth being down or misconfigured.
 */
function unexpected(error: AuthError, operation: string): AppError {
  if (error.status === 429 || error.code === "over_request_rate_limit") {
    return new AppError("rate_limited", `Supabase Auth ${operation} rate limited`, {
      publicMessage: "Too many attempts. Wait a minute and try again.",
      retryAfterSeconds: 60,
    });
  }
  if (error.code === "validation_failed" || error.code === "email_address_invalid") return userError("invalid_input", error.message);
  // CAPTCHA protection is on and the token is missing, spent or wrong.
  if (error.code === "captcha_failed") return userError("invalid_input", "The CAPTCHA check failed. Complete it and try again.");
  return new AppError("unavailable", `Supabase Auth ${operation} failed: ${error.code ?? error.status} ${error.message}`, { cause: error });
}

/** supabase-js sends the token as `gotrue_meta_security.captcha_token`, where Auth looks for it. */
const withCaptcha = (captchaToken: string | undefined) => (captchaToken ? { captchaToken } : undefined);

export async function signUpWithSupabase(request: Request, { email, password, captchaToken }: Credentials, secure: boolean): Promise<AuthResult> {
  const { client, written } = clientFor(request);
  const { data, error } = await client.auth.signUp({ email, password: passwordForSupabaseAuth(password), options: withCaptcha(captchaToken) });
  if (error?.code === "user_already_exists" || error?.code === "email_exists") throw userError("conflict", "An account with this email already exists.");
  if (error?.code === "weak_password") throw userError("invalid_input", error.message);
  if (error) throw unexpected(error, "sign-up");
  // With "Confirm email" on, Auth answers without a session: the contract's token cannot be given.
  if (!data.session) throw new AppError("unavailable", "Supabase Auth requires email confirmation; turn it off (DEPLOY.md)");
  return toResult(data.session, setCookieHeaders(written, { secure }));
}

export async function logInWithSupabase(request: Request, { email, password, captchaToken }: Credentials, secure: boolean): Promise<AuthResult> {
  const { client, written } = clientFor(request);
  const { data, error } = await client.auth.signInWithPassword({ email, password: passwordForSupabaseAuth(password), options: withCaptcha(captchaToken) });
  if (error?.code === "invalid_credentials" || error?.code === "email_not_confirmed") {
    throw new AppError("unauthorized", "bad email or password", { publicMessage: "Email or password is incorrect." });
  }
  // A suspension bans the account in Auth (lib/auth/supabase-ban.ts).
  if (error?.code === "user_banned") throw accountSuspendedAtSignIn();
  if (error) throw unexpected(error, "sign-in");
  return toResult(data.session, setCookieHeaders(written, { secure }));
}

/** Ends the cookie session at Auth (its refresh token stops working) and clears the cookies. */
export async function logOutOfSupabase(request: Request, secure: boolean): Promise<string[]> {
  const { client, written } = clientFor(request);
  const { error } = await client.auth.signOut({ scope: "local" });
  if (error && error.status !== 401 && error.status !== 403) throw unexpected(error, "sign-out");
  return setCookieHeaders(written, { secure });
}

/**
 * A Supabase access token's verified claims, or null: the signature is checked against the
 * project's JWKS held in memory, so a forged token costs no call to Auth.
 */
export async function verifySupabaseToken(token: string): Promise<VerifiedClaims | null> {
  const check = await verifySupabaseAccessToken(token);
  const claims: Record<string, unknown> | null = check.verified ?? (check.legacy ? await claimsFromAuth(token) : null);
  if (!claims || typeof claims.sub !== "string" || claims.role !== "authenticated") return null;
  const appRole = (claims.app_metadata as { role?: unknown } | undefined)?.role;
  return { sub: claims.sub, email: String(claims.email ?? ""), appRole: typeof appRole === "string" ? appRole : undefined, accessToken: token };
}

/** A project still on the legacy (symmetric) JWT secret: only Auth can check the token, one call each (DEPLOY.md). */
async function claimsFromAuth(token: string): Promise<Record<string, unknown> | null> {
  const { data, error } = await tokenVerifier().auth.getClaims(token);
  return error || !data ? null : (data.claims as Record<string, unknown>);
}

/**
 * The session in the request's cookies, verified. An expired access token is refreshed here; the
 * rotated cookies go to `onRefresh`, which must get them to the browser (a refresh token is
 * single-use: dropping the new one signs the user out).
 */
export async function verifySupabaseCookies(cookieHeader: string | null, onRefresh: (cookies: CookieToSet[]) => void): Promise<VerifiedClaims | null> {
  if (!cookieHeader?.includes("-auth-token")) return null;
  const client = createRequestClient(cookieHeader, onRefresh);
  const { data } = await client.auth.getSession();
  return data.session ? verifySupabaseToken(data.session.access_token) : null;
}

/** supabase-js's default storage key: `sb-<first label of the project host>-auth-token`. */
function sessionCookieName(): string {
  return `sb-${new URL(supabaseEnv().NEXT_PUBLIC_SUPABASE_URL).hostname.split(".")[0]}-auth-token`;
}

/**
 * The session in the request's cookies, verified, never refreshed: for pages, which cannot write
 * cookies (a refresh there would spend the single-use refresh token and lose the new one). The
 * proxy refreshes before every page; a token that is expired anyway counts as signed out.
 */
export async function verifySupabaseCookiesWithoutRefresh(cookieHeader: string | null): Promise<VerifiedClaims | null> {
  const cookies = parseCookieHeader(cookieHeader ?? "");
  const stored = await combineChunks(sessionCookieName(), (name) => cookies.find((cookie) => cookie.name === name)?.value);
  if (!stored) return null;
  try {
    const session = JSON.parse(stored.startsWith("base64-") ? stringFromBase64URL(stored.slice("base64-".length)) : stored) as { access_token?: unknown };
    return typeof session.access_token === "string" ? await verifySupabaseToken(session.access_token) : null;
  } catch {
    return null;
  }
}
