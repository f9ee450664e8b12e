import "server-only";
import { createServerClient, parseCookieHeader, serializeCookieHeader, type CookieOptions } from "@supabase/ssr";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { supabaseEnv } from "@/lib/env";

export interface CookieToSet {
  name: string;
  value: string;
  options: CookieOptions;
}

function project() {
  const config = supabaseEnv();
  return { url: config.NEXT_PUBLIC_SUPABASE_URL, key: config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY };
}

/**
 * A Supabase client for one request, reading the session from the request's cookies. Whatever it
 * writes (a new session, a refresh, a sign-out) is handed to `onSet`, for the response.
 */
export function createRequestClient(cookieHeader: string | null, onSet: (cookies: CookieToSet[]) => void): SupabaseClient {
  const { url, key } = project();
  const cookies = parseCookieHeader(cookieHeader ?? "").map(({ name, value }) => ({ name, value: value ?? "" }));
  return createServerClient(url, key, { cookies: { getAll: () => cookies, setAll: (toSet) => onSet(toSet) } });
}

const globalKey = Symbol.for("mneme.supabase.verifier");
const holder = globalThis as typeof globalThis & { [globalKey]?: SupabaseClient };

/**
 * One stateless client per process, for the tokens only Auth can verify (a project still on the
 * legacy JWT secret: `getClaims(token)` then calls Auth). Asymmetric tokens are verified by
 * ./verify-token.ts against the JWKS held in memory.
 */
export function tokenVerifier(): SupabaseClient {
  const { url, key } = project();
  holder[globalKey] ??= createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } });
  return holder[globalKey];
}

/** `Set-Cookie` values for the cookies a client wrote; Secure over HTTPS. */
export function setCookieHeaders(cookies: CookieToSet[], { secure }: { secure: boolean }): string[] {
  return cookies.map(({ name, value, options }) => serializeCookieHeader(name, value, { ...options, secure: secure || options.secure }));
}
