import { NextResponse, type NextRequest } from "next/server";
import { proxySession } from "@/lib/auth/proxy-session";

const authPages = new Set(["/login", "/signup"]);

/** Pages need a session: visitors without one go to /login and come back afterwards. */
export async function proxy(request: NextRequest) {
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

export const config = {
  matcher: ["/", "/login", "/signup", "/chat/:path*", "/memory/:path*", "/settings/:path*", "/admin/:path*"],
};
