import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { publicEnv } from "@/lib/public-env";
import { createNonce, pageContentSecurityPolicy } from "./security-headers";

/** The request header that carries this response's nonce to the root layout (for its inline theme script). */
export const nonceHeader = "x-nonce";

/**
 * Gives a page response its own nonce policy. Next reads the policy from the request headers and
 * nonces its own scripts; `respond` gets `next()` to pass the request on with those headers.
 */
export async function withPageSecurityPolicy(
  request: NextRequest,
  respond: (next: () => NextResponse) => Promise<NextResponse>,
): Promise<NextResponse> {
  const nonce = createNonce();
  const policy = pageContentSecurityPolicy({ nonce, isDev: env().NODE_ENV === "development", sentryDsn: publicEnv.sentryDsn });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  headers.set(nonceHeader, nonce);
  const response = await respond(() => NextResponse.next({ request: { headers } }));
  response.headers.set("Content-Security-Policy", policy);
  return response;
}
