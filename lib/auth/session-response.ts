import "server-only";
import { env } from "@/lib/env";
import { json } from "@/lib/http/responses";
import { clearedSessionCookie } from "./cookie";
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

/** Signs out: ends the Supabase session (its refresh token stops working), and clears the cookies. */
export async function signedOutResponse(request: Request): Promise<Response> {
  const secure = isHttps(request);
  const cookies = env().mode === "supabase" ? await (await supabaseAuth()).logOutOfSupabase(request, secure) : [clearedSessionCookie({ secure })];
  const response = new Response(null, { status: 204 });
  for (const cookie of cookies) response.headers.append("set-cookie", cookie);
  return response;
}
