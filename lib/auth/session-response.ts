import "server-only";
import { env } from "@/lib/env";
import { json } from "@/lib/http/responses";
import { bearerTokenOf } from "@/lib/http/bearer";
import { clearedSessionCookie, readCookie, sessionCookieName } from "./cookie";
import { verifySessionToken } from "./jwt";
import { revokeSession } from "./revoke-session";
import { supabaseAuth } from "./supabase";
import type { AuthResult } from "./types";

export const isHttps = (request: Request) =>
  new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

/** The auth answer of API.md, with the session cookies set. */
export function sessionResponse({ session, setCookies }: AuthResult, status: number): Response {
  const response = json(session, { status });
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  return response;
}

/** Ends our own session: its token is refused from now on, whether it came as cookie or bearer. */
async function logOutLocally(request: Request, secure: boolean): Promise<string[]> {
  const token = bearerTokenOf(request) ?? readCookie(request.headers.get("cookie"), sessionCookieName);
  const claims = token ? await verifySessionToken(token) : null;
  if (claims) await revokeSession({ sessionId: claims.session_id, userId: claims.sub, expiresAt: claims.exp });
  return [clearedSessionCookie({ secure })];
}

/** Signs out: the session ends at its issuer (Supabase Auth, or ours) and the cookies are cleared. */
export async function signedOutResponse(request: Request): Promise<Response> {
  const secure = isHttps(request);
  const cookies = env().mode === "supabase" ? await (await supabaseAuth()).logOutOfSupabase(request, secure) : await logOutLocally(request, secure);
  const response = new Response(null, { status: 204 });
  for (const cookie of cookies) response.headers.append("set-cookie", cookie);
  return response;
}
