import "server-only";
import type { NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { sessionCookieName } from "./cookie";
import { verifySessionToken } from "./jwt";
import { supabaseAuth } from "./supabase";

export interface ProxySession {
  signedIn: boolean;
  /** Copies cookies the session check wrote (a refreshed Supabase session) onto the answer. */
  finish: (response: NextResponse) => NextResponse;
}

/**
 * Who is visiting, for the proxy. In the Supabase mode this is where sessions are refreshed, as
 * @supabase/ssr requires: pages cannot write cookies, so an expiring access token is exchanged
 * here, the new cookies go to the browser and, through the request, to the page being rendered.
 */
export async function proxySession(request: NextRequest): Promise<ProxySession> {
  const config = env();
  if (config.mode !== "supabase") {
    const token = request.cookies.get(sessionCookieName)?.value;
    const signedIn = token ? (await verifySessionToken(token)) !== null : false;
    return { signedIn, finish: (response) => response };
  }

  const { createServerClient } = await import("@supabase/ssr");
  const written: { name: string; value: string; options: object }[] = [];
  const extraHeaders: Record<string, string> = {};
  const supabase = createServerClient(config.NEXT_PUBLIC_SUPABASE_URL, config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookies, headers) => {
        for (const { name, value } of cookies) request.cookies.set(name, value);
        written.push(...cookies);
        Object.assign(extraHeaders, headers);
      },
    },
  });
  // Nothing before this: getSession refreshes an expired session (writing the cookies above), as
  // getClaims would; the token is then verified against the JWKS we hold, which, unlike getClaims,
  // does not fetch the JWKS again for every unknown key id a forged cookie names.
  const { data } = await supabase.auth.getSession();
  const claims = data.session ? await (await supabaseAuth()).verifySupabaseToken(data.session.access_token) : null;
  return {
    signedIn: claims !== null,
    finish: (response) => {
      for (const { name, value, options } of written) response.cookies.set(name, value, options);
      for (const [name, value] of Object.entries(extraHeaders)) response.headers.set(name, value);
      return response;
    },
  };
}
