import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/auth/cookie";
import { verifySessionToken } from "@/lib/auth/jwt";
import { withPageSecurityPolicy } from "@/lib/http/page-security-policy";

const authPages = new Set(["/login", "/signup"]);
const gatedPaths = /^\/(?:login|signup|(?:chat|memory|settings|admin)(?:\/.*)?)?$/;

export async function proxy(request: NextRequest) {
  return withPageSecurityPolicy(request, (next) => gate(request, next));
}

/** Pages need a session: visitors without one go to /login and come back afterwards. */
async function gate(request: NextRequest, next: () => NextResponse) {
  const { pathname, search } = request.nextUrl;
  if (!gatedPaths.test(pathname)) return next();
  const token = request.cookies.get(sessionCookieName)?.value;
  const signedIn = token ? (await verifySessionToken(token)) !== null : false;

  if (authPages.has(pathname)) {
    return signedIn ? NextResponse.redirect(new URL("/chat", request.url)) : next();
  }
  if (signedIn) return next();

  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

// Every page, so each gets a nonce; API routes, Next's assets and the Sentry tunnel take the
// fixed policy from next.config.ts instead.
export const config = {
  matcher: ["/((?!api/|_next/|monitoring$|monitoring/).*)"],
};
