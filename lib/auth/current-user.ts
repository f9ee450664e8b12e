import "server-only";
import { cookies } from "next/headers";
import { listUsersByIds } from "@/lib/db/queries/auth-users";
import { withServiceStatement } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/chat/types";
import { bearerTokenOf } from "@/lib/http/bearer";
import { addResponseCookies, setRequestUserId } from "@/lib/http/request-context";
import { isAdmin } from "./admins";
import { apiKeyProofOf, verifyApiKeyNow, type ApiKeyProof } from "./api-key-proof";
import { readCookie, sessionCookieName } from "./cookie";
import { verifySessionToken } from "./jwt";
import { isHttps } from "./session-response";
import { supabaseAuth } from "./supabase";
import type { VerifiedClaims } from "./supabase-auth";

export interface CurrentUser extends SessionUser {
  /**
   * How the request proved who it is: cookie sessions get the cross-site write check; an API key is
   * proved by the request's first database statement, not here (lib/http/api-key-gate.ts).
   */
  via: "cookie" | "bearer" | "api-key";
  /** Supabase mode: the person's verified access token (lib/realtime/follow-reply-broadcasts.ts joins as them). */
  supabaseAccessToken?: string;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The user as pages and answers may show it: never the access token. */
const sessionUserOf = ({ id, email, isAdmin }: SessionUser): SessionUser => ({ id, email, isAdmin });

/** Verified claims of either mode; only Supabase's carry a token. */
type Claims = Omit<VerifiedClaims, "accessToken"> & { accessToken?: string };

async function toUser(claims: Claims | null): Promise<(SessionUser & { supabaseAccessToken?: string }) | null> {
  return claims && { id: claims.sub, email: claims.email, isAdmin: await isAdmin(claims), ...(claims.accessToken ? { supabaseAccessToken: claims.accessToken } : {}) };
}

/** A bearer token: ours (local mode) or a Supabase access token. */
async function userFromToken(token: string): Promise<SessionUser | null> {
  return toUser(env().mode === "supabase" ? await (await supabaseAuth()).verifySupabaseToken(token) : await verifySessionToken(token));
}

/** The session cookie: ours, or Supabase's; `onRefresh` gets the cookies of a refreshed Supabase session. */
async function userFromCookies(cookieHeader: string | null, onRefresh: (setCookies: string[]) => void, secure: boolean): Promise<SessionUser | null> {
  if (env().mode === "supabase") {
    const { verifySupabaseCookies, setCookieHeaders } = await supabaseAuth();
    return toUser(await verifySupabaseCookies(cookieHeader, (cookies) => onRefresh(setCookieHeaders(cookies, { secure }))));
  }
  const token = readCookie(cookieHeader, sessionCookieName);
  return token ? toUser(await verifySessionToken(token)) : null;
}

/** A browser write from another site riding on the session cookie. */
function isCrossSiteWrite(request: Request): boolean {
  if (safeMethods.has(request.method)) return false;
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

const resolved = new WeakMap<Request, Promise<CurrentUser>>();

/**
 * The signed-in user of an API request, or a thrown `unauthorized` / `forbidden`. Resolved once per
 * request: metering and the handler share the answer.
 */
export function getCurrentUser(request: Request): Promise<CurrentUser> {
  let user = resolved.get(request);
  if (!user) {
    user = resolveCurrentUser(request);
    resolved.set(request, user);
  }
  return user;
}

/** A key's owner, never an admin: keys are for the person's own data. The email is not in the key. */
function apiKeyUser(proof: ApiKeyProof): CurrentUser {
  if (proof.state === "invalid") throw new AppError("unauthorized", "invalid api key");
  setRequestUserId(proof.userId);
  return { id: proof.userId, email: "", isAdmin: false, via: "api-key" };
}

async function resolveCurrentUser(request: Request): Promise<CurrentUser> {
  const proof = apiKeyProofOf(request);
  if (proof) return apiKeyUser(proof);
  const bearer = bearerTokenOf(request);
  if (bearer) {
    const user = await userFromToken(bearer);
    if (!user) throw new AppError("unauthorized", "invalid bearer token");
    setRequestUserId(user.id);
    return { ...user, via: "bearer" };
  }
  const user = await userFromCookies(request.headers.get("cookie"), addResponseCookies, isHttps(request));
  if (!user) throw new AppError("unauthorized");
  setRequestUserId(user.id);
  if (isCrossSiteWrite(request)) {
    throw new AppError("forbidden", "cross-site write refused", { publicMessage: "Cross-site requests are not allowed." });
  }
  return { ...user, via: "cookie" };
}

/**
 * Who the request's credentials (bearer token, else session cookie) name now, with no side
 * effects: null once they are signed out or expired. For answers that outlive their request.
 */
export async function verifyRequestCredentials(request: Request): Promise<SessionUser | null> {
  const proof = apiKeyProofOf(request);
  if (proof) {
    const again: ApiKeyProof = { ...proof, state: proof.state === "invalid" ? "invalid" : "unchecked" };
    const valid = await verifyApiKeyNow(again).then(
      () => true,
      (error: unknown) => (again.state === "invalid" ? false : Promise.reject(error)),
    );
    return valid ? { id: proof.userId, email: "", isAdmin: false } : null;
  }
  const bearer = bearerTokenOf(request);
  const user = bearer ? await userFromToken(bearer) : await userFromCookies(request.headers.get("cookie"), () => {}, isHttps(request));
  return user && sessionUserOf(user);
}

/** The signed-in user for server components and pages, or null. */
export async function getCurrentUserFromCookies(): Promise<SessionUser | null> {
  const header =
    (await cookies())
      .getAll()
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ") || null;
  // Pages cannot set cookies, so they never refresh a Supabase session: the proxy did, before the page.
  const user =
    env().mode === "supabase" ? await toUser(await (await supabaseAuth()).verifySupabaseCookiesWithoutRefresh(header)) : await userFromCookies(header, () => {}, false);
  return user && sessionUserOf(user);
}

async function emailOf(id: string): Promise<string> {
  const [owner] = await withServiceStatement("auth.api-key", (db) => listUsersByIds(db, { ids: [id] }));
  if (!owner) throw new AppError("unauthorized", "the key's owner is gone");
  return owner.email;
}

/** The session for `GET /api/auth/session`: null instead of an error when signed out. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  try {
    const { id, email, isAdmin, via } = await getCurrentUser(request);
    // A key names its owner by id alone: their address is looked up, so the answer is a session's.
    if (via === "api-key") return { id, email: await emailOf(id), isAdmin };
    return { id, email, isAdmin };
  } catch (error) {
    if (error instanceof AppError && error.code !== "internal") return null;
    throw error;
  }
}
