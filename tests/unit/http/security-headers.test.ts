import { describe, expect, it } from "vitest";
import { createNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";

const directive = (policy: string, name: string) => policy.split("; ").find((part) => part.startsWith(`${name} `));

describe("pageContentSecurityPolicy", () => {
  it("lets scripts run only with the response's nonce in production, and nothing from eval", () => {
    const policy = pageContentSecurityPolicy({ nonce: "abc123", isDev: false });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(policy, "style-src")).toBe("style-src 'self' 'nonce-abc123'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("allows eval and unnonced style elements under next dev only", () => {
    const policy = pageContentSecurityPolicy({ nonce: "abc123", isDev: true });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic' 'unsafe-eval'");
    expect(directive(policy, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
  });

  it("lets the browser reach the Supabase project (Realtime over https and wss) in the Supabase mode only", () => {
    expect(directive(pageContentSecurityPolicy({ nonce: "n", isDev: false }), "connect-src")).toBe("connect-src 'self'");
    const policy = pageContentSecurityPolicy({ nonce: "n", isDev: false, supabaseUrl: "https://abcdefghijklmnop.supabase.co" });
    expect(directive(policy, "connect-src")).toBe("connect-src 'self' https://abcdefghijklmnop.supabase.co wss://abcdefghijklmnop.supabase.co");
  });
});

describe("pageContentSecurityPolicy with a CAPTCHA widget", () => {
  it("lets in only the configured provider's frames (and hCaptcha's styles and calls), and no script host: the nonced page loads it", () => {
    const none = pageContentSecurityPolicy({ nonce: "n", isDev: false });
    expect(directive(none, "frame-src")).toBeUndefined();

    const turnstile = pageContentSecurityPolicy({ nonce: "n", isDev: false, captchaProvider: "turnstile" });
    expect(directive(turnstile, "frame-src")).toBe("frame-src 'self' https://challenges.cloudflare.com");
    expect(directive(turnstile, "script-src")).toBe("script-src 'self' 'nonce-n' 'strict-dynamic'");
    expect(directive(turnstile, "connect-src")).toBe("connect-src 'self'");

    const hcaptcha = pageContentSecurityPolicy({ nonce: "n", isDev: false, captchaProvider: "hcaptcha" });
    expect(directive(hcaptcha, "frame-src")).toBe("frame-src 'self' https://hcaptcha.com https://*.hcaptcha.com");
    expect(directive(hcaptcha, "style-src")).toBe("style-src 'self' 'nonce-n' https://hcaptcha.com https://*.hcaptcha.com");
    expect(directive(hcaptcha, "connect-src")).toBe("connect-src 'self' https://hcaptcha.com https://*.hcaptcha.com");
    expect(directive(hcaptcha, "script-src")).toBe("script-src 'self' 'nonce-n' 'strict-dynamic'");
  });
});

describe("createNonce", () => {
  it("gives 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
