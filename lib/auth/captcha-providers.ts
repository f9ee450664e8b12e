// Imported by the browser as well as the server: no `server-only`, no env module.

/** The CAPTCHA providers Supabase Auth verifies (Authentication → Attack Protection). */
export const captchaProviders = ["hcaptcha", "turnstile"] as const;
export type CaptchaProvider = (typeof captchaProviders)[number];

export interface CaptchaConfig {
  provider: CaptchaProvider;
  /** The widget's public site key; the secret key lives in Supabase's dashboard only. */
  siteKey: string;
}

/** Each provider's loader, for explicit rendering into our own element. */
export const captchaScriptUrls: Record<CaptchaProvider, string> = {
  hcaptcha: "https://js.hcaptcha.com/1/api.js?render=explicit",
  turnstile: "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit",
};

/**
 * What the page's Content-Security-Policy must let in for the widget, as each provider documents
 * it. Scripts need no host: the nonced page code inserts the loader ('strict-dynamic').
 */
export const captchaPolicySources: Record<CaptchaProvider, { frame: string[]; style: string[]; connect: string[] }> = {
  hcaptcha: {
    frame: ["https://hcaptcha.com", "https://*.hcaptcha.com"],
    style: ["https://hcaptcha.com", "https://*.hcaptcha.com"],
    connect: ["https://hcaptcha.com", "https://*.hcaptcha.com"],
  },
  turnstile: { frame: ["https://challenges.cloudflare.com"], style: [], connect: [] },
};
