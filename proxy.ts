import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/auth/cookie";
import { verifySessionToken } from "@/lib/auth/jwt";

const authPages = new Set(["/login", "/signup"]);

/** Pages need a session: visitors without one go to /login and come back afterwards. */
export async function proxy(request: NextRequest) {
  const token = request.cookies.get(sessionCookieName)?.value;
  const signedIn = token ? (await verifySessionToken(token)) !== null : false;
  const { pathname, search } = request.nextUrl;

  if (authPages.has(pathname)) {
    return signedIn ? NextResponse.redirect(new URL("/chat", request.url)) : NextResponse.next();
  }
  if (signedIn) return NextResponse.next();

  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/", "/login", "/signup", "/chat/:path*", "/memory/:path*", "/settings/:path*", "/admin/:path*"],
};
