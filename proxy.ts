import { NextResponse, type NextRequest } from "next/server";
import { proxySession } from "@/lib/auth/proxy-session";
import { requestIdFrom } from "@/lib/http/request-id";
import { logger } from "@/lib/monitoring/logger";
import { reportUnexpectedError } from "@/lib/monitoring/report-error";

const authPages = new Set(["/login", "/signup"]);

async function routeBySession(request: NextRequest) {
  const { signedIn, finish } = await proxySession(request);
  const { pathname, search } = request.nextUrl;

  if (authPages.has(pathname)) {
    return finish(signedIn ? NextResponse.redirect(new URL("/chat", request.url)) : NextResponse.next({ request }));
  }
  if (signedIn) return finish(NextResponse.next({ request }));

  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
  return finish(NextResponse.redirect(login));
}

/**
 * Pages need a session: visitors without one go to /login and come back afterwards. When this
 * check itself fails, the request goes on: every gated page checks the session again in its
 * layout, which beats Next's blank 500. The error is reported here, since it is not rethrown.
 */
export async function proxy(request: NextRequest) {
  try {
    return await routeBySession(request);
  } catch (error) {
    const requestId = requestIdFrom(request.headers);
    logger.error({ requestId, err: error }, "proxy failed; the page checks the session itself");
    reportUnexpectedError(error, { code: "internal", requestId, route: "proxy" });
    const response = NextResponse.next();
    response.headers.set("x-request-id", requestId);
    return response;
  }
}

export const config = {
  matcher: ["/", "/login", "/signup", "/chat/:path*", "/memory/:path*", "/settings/:path*", "/admin/:path*"],
};
