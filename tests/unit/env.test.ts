import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function parse(variables: Record<string, string>) {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  const { env } = await import("@/lib/env");
  return env();
}

const supabase = {
  NEXT_PUBLIC_SUPABASE_URL: "https://abcdefghijklmnop.supabase.co",
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_abc",
  DATABASE_URL: "postgresql://postgres.abcdefghijklmnop:secret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
};

describe("env mode", () => {
  it("is local without the Supabase variables", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", "");
    vi.stubEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "");
    expect((await parse({})).mode).toBe("local");
  });

  it("is supabase with all three", async () => {
    expect((await parse(supabase)).mode).toBe("supabase");
  });

  it("refuses a partial Supabase setup, naming each variable still missing", async () => {
    const attempt = parse({ NEXT_PUBLIC_SUPABASE_URL: supabase.NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "", DATABASE_URL: "" });
    await expect(attempt).rejects.toThrow(/NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: missing/);
    await expect(parse({ ...supabase, DATABASE_URL: "" })).rejects.toThrow(/DATABASE_URL: missing.*NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY set/);
  });

  it("refuses a DATABASE_URL that is not a Postgres connection string", async () => {
    await expect(parse({ ...supabase, DATABASE_URL: "mysql://x@y/z" })).rejects.toThrow(/DATABASE_URL must be a postgres:\/\/ connection string/);
  });
});

describe("env admins", () => {
  const olivia = "0B9A4C1E-3F1D-4E6A-9C2B-7D8E5F4A3B21";
  const oscar = "5d1e8f2a-6b3c-4d9e-8f1a-2b3c4d5e6f70";

  it("reads ADMIN_USER_IDS as a comma list of ids, lower-cased, none when unset", async () => {
    expect((await parse({ ADMIN_USER_IDS: ` ${olivia}, ${oscar} ,` })).ADMIN_USER_IDS).toEqual([olivia.toLowerCase(), oscar]);
    vi.resetModules();
    expect((await parse({ ADMIN_USER_IDS: "" })).ADMIN_USER_IDS).toEqual([]);
  });

  it("refuses an ADMIN_USER_IDS entry that is not an id, naming the variable and the entry", async () => {
    await expect(parse({ ADMIN_USER_IDS: `${oscar},ops@example.com` })).rejects.toThrow(/ADMIN_USER_IDS: "ops@example.com" is not a user id/);
  });

  it("refuses to start while ADMIN_EMAILS is still set, pointing to ADMIN_USER_IDS", async () => {
    const attempt = parse({ ADMIN_EMAILS: "ops@example.com", ADMIN_USER_IDS: oscar });
    await expect(attempt).rejects.toThrow(/ADMIN_EMAILS: is no longer read: an email address is not an admin credential\. Name admins by id in ADMIN_USER_IDS/);
  });
});

describe("plan limits in the environment", () => {
  it("reads a number, 0 (nothing allowed) or `unlimited` (no limit: null)", async () => {
    expect(await parse({ PLAN_FREE_MONTHLY_BUDGET_USD: "2.5", PLAN_FREE_MONTHLY_REQUESTS: "0" })).toMatchObject({
      PLAN_FREE_MONTHLY_BUDGET_USD: 2.5,
      PLAN_FREE_MONTHLY_REQUESTS: 0,
    });
    vi.resetModules();
    expect(await parse({ PLAN_FREE_MONTHLY_BUDGET_USD: "unlimited", PLAN_FREE_MONTHLY_REQUESTS: "unlimited" })).toMatchObject({
      PLAN_FREE_MONTHLY_BUDGET_USD: null,
      PLAN_FREE_MONTHLY_REQUESTS: null,
    });
  });

  it("refuses a budget below one micro-dollar instead of rounding it to 0, naming the variable", async () => {
    await expect(parse({ PLAN_FREE_MONTHLY_BUDGET_USD: "0.0000001" })).rejects.toThrow(/PLAN_FREE_MONTHLY_BUDGET_USD: .*micro-dollar/);
    vi.resetModules();
    await expect(parse({ PLAN_FREE_MONTHLY_BUDGET_USD: "-1" })).rejects.toThrow(/PLAN_FREE_MONTHLY_BUDGET_USD/);
  });
});

describe("env TRUSTED_PROXY_HOPS", () => {
  it("defaults to 1 on Vercel (it overwrites X-Forwarded-For) and to 0 elsewhere", async () => {
    expect((await parse({ TRUSTED_PROXY_HOPS: "", VERCEL: "1" })).TRUSTED_PROXY_HOPS).toBe(1);
    vi.resetModules();
    expect((await parse({ TRUSTED_PROXY_HOPS: "", VERCEL: "" })).TRUSTED_PROXY_HOPS).toBe(0);
    vi.resetModules();
    expect((await parse({ TRUSTED_PROXY_HOPS: "2", VERCEL: "1" })).TRUSTED_PROXY_HOPS).toBe(2);
  });

  it.each(["11", "-1", "1.5", "one"])("refuses %s, naming the variable", async (value) => {
    await expect(parse({ TRUSTED_PROXY_HOPS: value })).rejects.toThrow(/TRUSTED_PROXY_HOPS/);
  });
});

describe("env CAPTCHA", () => {
  const hcaptchaTestKey = "10000000-ffff-ffff-ffff-000000000001";

  it("is off unless both variables are set, and then names the provider and the site key", async () => {
    expect((await parse({ ...supabase, NEXT_PUBLIC_CAPTCHA_PROVIDER: "", NEXT_PUBLIC_CAPTCHA_SITE_KEY: "" })).captcha).toBeNull();
    vi.resetModules();
    expect((await parse({ ...supabase, NEXT_PUBLIC_CAPTCHA_PROVIDER: "hcaptcha", NEXT_PUBLIC_CAPTCHA_SITE_KEY: hcaptchaTestKey })).captcha).toEqual({
      provider: "hcaptcha",
      siteKey: hcaptchaTestKey,
    });
  });

  it("refuses half a configuration, naming the variable still missing", async () => {
    await expect(parse({ ...supabase, NEXT_PUBLIC_CAPTCHA_PROVIDER: "", NEXT_PUBLIC_CAPTCHA_SITE_KEY: hcaptchaTestKey })).rejects.toThrow(/NEXT_PUBLIC_CAPTCHA_PROVIDER: missing/);
    vi.resetModules();
    await expect(parse({ ...supabase, NEXT_PUBLIC_CAPTCHA_PROVIDER: "turnstile", NEXT_PUBLIC_CAPTCHA_SITE_KEY: "" })).rejects.toThrow(/NEXT_PUBLIC_CAPTCHA_SITE_KEY: missing/);
  });

  it("refuses a provider Supabase Auth does not verify", async () => {
    await expect(parse({ ...supabase, NEXT_PUBLIC_CAPTCHA_PROVIDER: "recaptcha", NEXT_PUBLIC_CAPTCHA_SITE_KEY: "key" })).rejects.toThrow(/NEXT_PUBLIC_CAPTCHA_PROVIDER/);
  });

  it("refuses it in the local mode, which has no CAPTCHA verifier (sign-ups are limited per address there)", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", "");
    vi.stubEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "");
    await expect(parse({ NEXT_PUBLIC_CAPTCHA_PROVIDER: "hcaptcha", NEXT_PUBLIC_CAPTCHA_SITE_KEY: hcaptchaTestKey })).rejects.toThrow(/NEXT_PUBLIC_CAPTCHA_SITE_KEY: .*Supabase mode/);
  });
});
