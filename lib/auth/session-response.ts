import "server-only";
import { json } from "@/lib/http/responses";
import { clearedSessionCookie, sessionCookie } from "./cookie";
import type { AuthSession } from "./types";

const isHttps = (request: Request) =>
  new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

/** The auth answer of API.md, with the session cookie set (Secure whenever the request came over HTTPS). */
export function sessionResponse(request: Request, session: AuthSession, status: number): Response {
  const response = json(session, { status });
  response.headers.append("set-cookie", sessionCookie(session.accessToken, { secure: isHttps(request) }));
  return response;
}

export function signedOutResponse(request: Request): Response {
  const response = new Response(null, { status: 204 });
  response.headers.append("set-cookie", clearedSessionCookie({ secure: isHttps(request) }));
  return response;
}
