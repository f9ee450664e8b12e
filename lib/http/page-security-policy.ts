import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { createNonce, pageContentSecurityPolicy } from "./security-headers";

/** The request header that carries this response's nonce to the root layout (for its inline theme script). */
export const nonceHeader = "x-nonce";

/** The pages that show the CAPTCHA widget when one is configured: only they let its provider in. */
const captchaPages = new Set(["/signup", "/login"]);

/**
 * Gives a page response its own nonce policy. Next reads the policy from the request headers and
 * nonces its own scripts; `respond` gets `next()` to pass the request on with those headers (read
 * when called, so cookies the proxy set on the request, a refreshed session, go along).
 */
export async function withPageSecurityPolicy(
  request: NextRequest,
  respond: (next: () => NextResponse) => Promise<NextResponse>,
): Promise<NextResponse> {
  const config = env();
  const nonce = createNonce();
  const policy = pageContentSecurityPolicy({
    nonce,
    isDev: config.NODE_ENV === "development",
    supabaseUrl: config.mode === "supabase" ? config.NEXT_PUBLIC_SUPABASE_URL : undefined,
    captchaProvider: config.captcha && captchaPages.has(request.nextUrl.pathname) ? config.captcha.provider : undefined,
  });
  const next = () => {
    const headers = new Headers(request.headers);
    headers.set("content-security-policy", policy);
    headers.set(nonceHeader, nonce);
    return NextResponse.next({ request: { headers } });
  };
  const response = await respond(next);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}
