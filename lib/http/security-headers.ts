import { captchaPolicySources, type CaptchaProvider } from "../auth/captcha-providers";
import { serializeContentSecurityPolicy } from "./static-headers.mjs";

export { resourceContentSecurityPolicy, securityHeaders, type Header } from "./static-headers.mjs";

export interface PageContentSecurityPolicyOptions {
  nonce: string;
  /** `next dev` rebuilds server error stacks in the browser with eval and injects styles unnonced. */
  isDev: boolean;
  /**
   * The Supabase project URL in the Supabase mode: the browser subscribes to Realtime there
   * (https for the token, wss for the socket). Sentry needs nothing: browsers post to our tunnel.
   */
  supabaseUrl?: string;
  /** The CAPTCHA provider whose widget this page shows (the sign-up and sign-in pages, when configured). */
  captchaProvider?: CaptchaProvider;
}

/**
 * The policy for HTML pages: scripts only with this response's nonce ('strict-dynamic' lets Next's
 * nonced loader pull in its chunks), everything else from our own origin. Style attributes stay
 * allowed (progress bars and skeletons set widths inline); style elements need the nonce.
 */
export function pageContentSecurityPolicy({ nonce, isDev, supabaseUrl, captchaProvider }: PageContentSecurityPolicyOptions): string {
  const captcha = captchaProvider ? captchaPolicySources[captchaProvider] : undefined;
  return serializeContentSecurityPolicy({
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`, ...(captcha?.style ?? [])],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...originsOf(supabaseUrl), ...(captcha?.connect ?? [])],
    ...(captcha ? { "frame-src": ["'self'", ...captcha.frame] } : {}),
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  });
}

/** A fresh, unguessable value for every page response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function originsOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { origin, host, protocol } = new URL(url);
    return [origin, `${protocol === "http:" ? "ws" : "wss"}://${host}`];
  } catch {
    return [];
  }
}
