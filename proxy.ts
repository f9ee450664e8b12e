import { NextResponse, type NextRequest } from "next/server";
import { proxySession } from "@/lib/auth/proxy-session";
import { AppError } from "@/lib/errors";
import { isDecodablePath } from "@/lib/http/api-path";
import { withPageSecurityPolicy } from "@/lib/http/page-security-policy";
import { requestIdFrom } from "@/lib/http/request-id";
import { toResponse } from "@/lib/http/responses";
import { logger } from "@/lib/monitoring/logger";
import { reportUnexpectedError } from "@/lib/monitoring/report-error";

const authPages = new Set(["/login", "/signup"]);
const gatedPaths = /^\/(?:login|signup|(?:chat|memory|settings|admin)(?:\/.*)?)?$/;

export async function proxy(request: NextRequest) {
  // API paths come here only with a percent-escape (see the matcher), checked before Next decodes it.
  const pathname = new URL(request.url).pathname;
  if (pathname.startsWith("/api/")) return isDecodablePath(pathname) ? NextResponse.next() : undecodableApiPath(request);
  return withPageSecurityPolicy(request, (next) => gateReportingErrors(request, next));
}

/** An API path no route can take, answered in the error shape of API.md instead of Next's plain-text 500. */
function undecodableApiPath(request: NextRequest) {
  const requestId = requestIdFrom(request.headers);
  const response = toResponse(new AppError("not_found", "undecodable API path"), requestId);
  response.headers.set("x-request-id", requestId);
  return response;
}

/** Pages need a session: visitors without one go to /login and come back afterwards. */
async function gate(request: NextRequest, next: () => NextResponse) {
  const { pathname, search } = request.nextUrl;
  // Every page, gated or not: this is where a Supabase session is refreshed (pages cannot).
  const { signedIn, finish } = await proxySession(request);
  if (!gatedPaths.test(pathname)) return finish(next());

  if (authPages.has(pathname)) {
    return finish(signedIn ? NextResponse.redirect(new URL("/chat", request.url)) : next());
  }
  if (signedIn) return finish(next());

  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
  return finish(NextResponse.redirect(login));
}

/**
 * When the session check itself fails, the request goes on: every gated page checks the session
 * again in its layout, which beats Next's blank 500. The error is reported here, since it is not rethrown.
 */
async function gateReportingErrors(request: NextRequest, next: () => NextResponse) {
  try {
    return await gate(request, next);
  } catch (error) {
    const requestId = requestIdFrom(request.headers);
    logger.error({ requestId, err: error }, "proxy failed; the page checks the session itself");
    reportUnexpectedError(error, { code: "internal", requestId, route: "proxy" });
    const response = next();
    response.headers.set("x-request-id", requestId);
    return response;
  }
}

// Every page, so each gets a nonce; API routes, Next's assets and the Sentry tunnel take the
// fixed policy from next.config.mjs instead. API paths with a percent-escape come too, to be
// checked before Next decodes them; the others never pay for a proxy (Next reads the whole body
// of a proxied write before it goes on).
export const config = {
  matcher: ["/((?!api/|_next/|monitoring$|monitoring/).*)", "/api/:path(.*%.*)"],
};
