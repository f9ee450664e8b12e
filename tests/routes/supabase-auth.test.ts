import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@supabase/supabase-js";
import bcrypt from "bcryptjs";
import { SignJWT, generateKeyPair } from "jose";
import type { Person } from "../support/client";
import { expectError } from "../support/client";
import { sendChat } from "../support/chat";
import { uploadFile } from "../support/documents";
import { setUpAppServer } from "../support/route-suite";
import { startSupabaseStack } from "../support/supabase-stack";

// The Supabase mode end to end: the app on postgres.js against a wire-protocol Postgres, and
// Supabase Auth (fake GoTrue) through @supabase/ssr. Nothing local is used: no PGlite in the app,
// no session secret of ours.
let stack: Awaited<ReturnType<typeof startSupabaseStack>>;
beforeAll(async () => {
  stack = await startSupabaseStack();
});
afterAll(() => stack.close());

// Cloudflare's documented Turnstile test site key (always passes); the widget itself needs the
// internet, which these machines lack: the pages are checked for it, the tokens pass through.
const turnstileTestSiteKey = "1x00000000000000000000AA";
const app = setUpAppServer(() => ({
  ...stack.env,
  ADMIN_USER_IDS: "",
  NEXT_PUBLIC_CAPTCHA_PROVIDER: "turnstile",
  NEXT_PUBLIC_CAPTCHA_SITE_KEY: turnstileTestSiteKey,
}));

let alice: Person;
let bob: Person;

describe("auth on Supabase Auth, same contract", () => {
  it("signs up through Auth: 201 with Supabase's session cookies and access token; the profile trigger ran", async () => {
    const email = `alice-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const response = await app.client.call("/api/auth/signup", { method: "POST", body: { email, password: "alice-password-1" } });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ user: { id: expect.any(String), email }, accessToken: expect.any(String), expiresAt: expect.any(Number) });
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((cookie) => /^sb-[\w-]+-auth-token(\.\d+)?=base64-/.test(cookie))).toBe(true);
    expect(cookies.some((cookie) => cookie.startsWith("mneme-session="))).toBe(false);
    expect(stack.gotrue.calls).toContain("POST /auth/v1/signup");
    // The access token is Supabase's (ES256, with the project's key id), not one we signed.
    const header = JSON.parse(Buffer.from(response.json.accessToken.split(".")[0], "base64url").toString()) as { alg: string; kid: string };
    expect(header).toMatchObject({ alg: "ES256", kid: expect.any(String) });
    const profile = await stack.pg.query("select id from public.profiles where id = $1", [response.json.user.id]);
    expect(profile.rows).toHaveLength(1);
  });

  it("answers 409 for a taken email and 401 for a bad password, as locally", async () => {
    alice = await app.client.signUp("Alice");
    expectError(await app.client.call("/api/auth/signup", { method: "POST", body: { email: alice.email, password: "another-password" } }), 409, "conflict");
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email: alice.email, password: "wrong-password" } }), 401, "unauthorized");
    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email: alice.email, password: alice.password } });
    expect(login.status).toBe(200);
    expect(login.json.user).toEqual({ id: alice.id, email: alice.email });
    expect(stack.gotrue.calls).toContain("POST /auth/v1/token?grant_type=password");
  });

  it("passes Auth's rate limit on as our 429 with Retry-After, not as an outage", async () => {
    stack.gotrue.rateLimited = true;
    try {
      const response = await app.client.call("/api/auth/login", { method: "POST", body: { email: alice.email, password: alice.password } });
      expectError(response, 429, "rate_limited");
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      stack.gotrue.rateLimited = false;
    }
  });

  it("knows the caller by cookie and by Supabase bearer token, and refuses a token signed by anyone else", async () => {
    const byCookie = await app.client.call("/api/auth/session", { as: alice });
    expect(byCookie.json).toEqual({ user: { id: alice.id, email: alice.email, isAdmin: false } });
    expect((await app.client.call("/api/chats", { as: alice, via: "bearer" })).status).toBe(200);

    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ email: alice.email, role: "authenticated" })
      .setProtectedHeader({ alg: "ES256", kid: "not-the-project-key" })
      .setSubject(alice.id)
      .setAudience("authenticated")
      .setExpirationTime("1h")
      .sign(privateKey);
    expectError(await app.client.call("/api/chats", { headers: { authorization: `Bearer ${forged}` } }), 401, "unauthorized");
    expect((await app.client.call("/api/auth/session", { headers: { authorization: `Bearer ${forged}` } })).json).toEqual({ user: null });
  });

  it("refreshes an expiring session once per page, in the proxy, and hands the new cookies to the browser and the page", async () => {
    // Tokens that expire within supabase-js's refresh margin: every request with them needs a refresh.
    stack.gotrue.accessTokenSeconds = 30;
    const carol = await app.client.signUp("Carol");
    stack.gotrue.accessTokenSeconds = 3600;
    const refreshes = () => stack.gotrue.calls.filter((call) => call === "POST /auth/v1/token?grant_type=refresh_token").length;
    const before = refreshes();
    const page = await app.client.call("/settings", { as: carol });
    expect(page.status).toBe(200);
    // One refresh (the proxy's); the page and its layouts only verify what it forwarded.
    expect(refreshes() - before).toBe(1);
    const rotated = page.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
    expect(rotated).toMatch(/sb-[\w-]+-auth-token/);
    // The browser's next request carries the rotated session and needs no refresh.
    const next = await app.client.call("/api/chats", { headers: { cookie: rotated } });
    expect(next.status).toBe(200);
    expect(refreshes() - before).toBe(1);
  });

  it("guards pages in the proxy with the Supabase session", async () => {
    const signedOut = await app.client.call("/chat");
    expect(signedOut.status).toBe(307);
    expect(signedOut.headers.get("location")).toContain("/login?next=%2Fchat");
    expect((await app.client.call("/chat", { as: alice })).status).toBe(200);
  });
});

describe("CAPTCHA at Supabase Auth (Authentication → Attack Protection)", () => {
  const countUsers = async (email: string) => (await stack.pg.query("select 1 from auth.users where email = $1", [email])).rows.length;

  it("Auth speaks GoTrue's refusal to a sign-up without a token, straight at /auth/v1 with the publishable key", async () => {
    stack.gotrue.captchaTokens = [];
    try {
      const response = await fetch(`${stack.gotrue.url}/auth/v1/signup`, {
        method: "POST",
        headers: { apikey: stack.gotrue.publishableKey, "content-type": "application/json" },
        body: JSON.stringify({ email: `bot-${crypto.randomUUID().slice(0, 8)}@example.com`, password: "bot-password-1" }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: 400, error_code: "captcha_failed", msg: "captcha protection: request disallowed (no captcha_token found)" });
    } finally {
      stack.gotrue.captchaTokens = null;
    }
  });

  it("our sign-up and sign-in pass the CAPTCHA token on; without one, or with a spent one, Auth's refusal is our 400", async () => {
    stack.gotrue.captchaTokens = ["token-signup", "token-login"];
    try {
      const email = `carla-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const password = "carla-password-1";
      const without = await app.client.call("/api/auth/signup", { method: "POST", body: { email, password } });
      expectError(without, 400, "invalid_input");
      expect(await countUsers(email)).toBe(0);

      const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email, password, captchaToken: "token-signup" } });
      expect(signup.status).toBe(201);
      expect(await countUsers(email)).toBe(1);

      expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password } }), 400, "invalid_input");
      // Tokens are single-use at the provider.
      expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password, captchaToken: "token-signup" } }), 400, "invalid_input");
      const login = await app.client.call("/api/auth/login", { method: "POST", body: { email, password, captchaToken: "token-login" } });
      expect(login.status).toBe(200);
      expect(login.json.user.email).toBe(email);
      expect(stack.gotrue.captchaTokens).toEqual([]);
    } finally {
      stack.gotrue.captchaTokens = null;
    }
  });

  it("a malformed captchaToken is our own 400, before Auth is asked", async () => {
    const before = stack.gotrue.calls.length;
    const body = { email: "dan@example.com", password: "dan-password-1" };
    expectError(await app.client.call("/api/auth/signup", { method: "POST", body: { ...body, captchaToken: "" } }), 400, "invalid_input");
    expectError(await app.client.call("/api/auth/signup", { method: "POST", body: { ...body, captchaToken: "x".repeat(10_000) } }), 400, "invalid_input");
    expect(stack.gotrue.calls.length).toBe(before);
  });

  it("the sign-up and sign-in pages carry the configured widget, and only their policy lets its provider in", async () => {
    for (const path of ["/signup", "/login"]) {
      const page = await app.client.call(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-captcha-provider="turnstile"');
      expect(page.text).toContain(turnstileTestSiteKey);
      const policy = page.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/frame-src [^;]*https:\/\/challenges\.cloudflare\.com/);
      // The script is loaded by the page's own nonced code ('strict-dynamic'): no host is allowed to script.
      expect(policy).not.toMatch(/script-src [^;]*challenges\.cloudflare\.com/);
    }
    const chat = await app.client.call("/chat", { as: alice });
    expect(chat.headers.get("content-security-policy")).not.toContain("challenges.cloudflare.com");
    expect(chat.text).not.toContain("data-captcha-provider");
  });
});

describe("long passwords on Supabase Auth, which hashes with bcrypt and refuses more than 72 bytes", () => {
  const prefix = "Gina's passphrase from her password manager, long enough to matter: ".padEnd(72, "g");
  const password = `${prefix}${"1".repeat(28)}`;

  it("Auth itself refuses a 100-character password, as GoTrue does", async () => {
    const direct = createClient(stack.gotrue.url, stack.gotrue.publishableKey, { auth: { persistSession: false, autoRefreshToken: false } });
    const { error } = await direct.auth.signUp({ email: `gina-direct-${crypto.randomUUID().slice(0, 8)}@example.com`, password });
    expect({ status: error?.status, code: error?.code, message: error?.message }).toEqual({
      status: 400,
      code: "validation_failed",
      message: "Password cannot be longer than 72 characters",
    });
  });

  it("through us, Gina's 100-character password works and counts to its last character; short ones reach Auth unchanged", async () => {
    const email = `gina-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email, password } });
    expect(signup.status).toBe(201);
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password: `${prefix}${"2".repeat(28)}` } }), 401, "unauthorized");
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password: prefix } }), 401, "unauthorized");
    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email, password } });
    expect(login.status).toBe(200);

    // What Auth hashed: the password's SHA-256 (base64url) for a long one, the password itself for a short one.
    const stored = async (address: string) => (await stack.pg.query<{ encrypted_password: string }>("select encrypted_password from auth.users where email = $1", [address])).rows[0]!.encrypted_password;
    expect(await bcrypt.compare(createHash("sha256").update(password).digest("base64url"), await stored(email))).toBe(true);
    expect(await bcrypt.compare(alice.password, await stored(alice.email))).toBe(true);
  });
});

describe("forged tokens cost no call to Auth", () => {
  const jwksFetches = () => stack.gotrue.calls.filter((call) => call === "GET /auth/v1/.well-known/jwks.json").length;
  const userLookups = () => stack.gotrue.calls.filter((call) => call === "GET /auth/v1/user").length;

  async function forgedToken(header: { alg: "ES256"; kid: string } | { alg: "HS256" }) {
    const claims = { email: alice.email, role: "authenticated", session_id: crypto.randomUUID() };
    const jwt = new SignJWT(claims).setProtectedHeader(header).setSubject(alice.id).setAudience("authenticated").setIssuedAt().setExpirationTime("1h");
    if (header.alg === "HS256") return jwt.sign(new TextEncoder().encode("a-guess-at-the-legacy-jwt-secret-0123456789"));
    return jwt.sign((await generateKeyPair("ES256")).privateKey);
  }

  /** A Supabase session cookie as @supabase/ssr writes it, around a forged access token. */
  function sessionCookie(accessToken: string) {
    const session = { access_token: accessToken, refresh_token: "forged", token_type: "bearer", expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600, user: { id: alice.id } };
    return `sb-${new URL(stack.gotrue.url).hostname.split(".")[0]}-auth-token=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
  }

  it("Mallory's 50 bearer tokens with random key ids: 401 each, and at most one JWKS fetch", async () => {
    expect((await app.client.call("/api/chats", { as: alice, via: "bearer" })).status).toBe(200);
    const before = jwksFetches();
    for (let index = 0; index < 50; index++) {
      const token = await forgedToken({ alg: "ES256", kid: crypto.randomUUID() });
      expectError(await app.client.call("/api/chats", { headers: { authorization: `Bearer ${token}` } }), 401, "unauthorized");
    }
    expect(jwksFetches() - before).toBeLessThanOrEqual(1);
    expect((await app.client.call("/api/chats", { as: alice, via: "bearer" })).status).toBe(200);
    expect(jwksFetches() - before).toBeLessThanOrEqual(1);
  });

  it("forged session cookies on pages and APIs, and HS256 tokens with no key id, cost no call to Auth either", async () => {
    const fetchesBefore = jwksFetches();
    const lookupsBefore = userLookups();
    for (let index = 0; index < 10; index++) {
      const cookie = sessionCookie(await forgedToken({ alg: "ES256", kid: crypto.randomUUID() }));
      const page = await app.client.call("/chat", { headers: { cookie } });
      expect(page.status).toBe(307);
      expectError(await app.client.call("/api/chats", { headers: { cookie } }), 401, "unauthorized");
      const symmetric = await forgedToken({ alg: "HS256" });
      expectError(await app.client.call("/api/chats", { headers: { authorization: `Bearer ${symmetric}` } }), 401, "unauthorized");
    }
    expect(jwksFetches() - fetchesBefore).toBeLessThanOrEqual(1);
    expect(userLookups() - lookupsBefore).toBe(0);
  });
});

describe("data on Supabase Postgres through postgres.js, under the same row level security", () => {
  it("chats, streams a reply and reads it back", async () => {
    const { events, meta } = await sendChat(app.client, alice, { message: "Remember that my favourite tea is sencha" });
    const chatId = meta.chatId;
    expect(events.at(-1)?.event).toBe("done");
    const chat = await app.client.call(`/api/chats/${chatId}`, { as: alice });
    expect(chat.status).toBe(200);
    expect(chat.json.messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant"]);
    const stored = await stack.pg.query<{ status: string }>("select status from public.messages where chat_id = $1 order by created_at", [chatId]);
    expect(stored.rows.map((row) => row.status)).toEqual(["complete", "complete"]);
  });

  it("without SUPABASE_SECRET_KEY an upload answers 503 saying so, and stores nothing", async () => {
    const uploaded = await uploadFile(app.baseUrl, alice, { bytes: Buffer.from("# Notes\n\nKept nowhere."), name: "notes.md" });
    expectError(uploaded, 503, "unavailable");
    expect(uploaded.json.error.message).toBe("Uploading documents is not available on this deployment yet.");
    expect((await stack.pg.query("select 1 from public.documents")).rows).toEqual([]);
    expect((await stack.pg.query("select 1 from storage.objects")).rows).toEqual([]);
  });

  it("keeps Bob out of Alice's data", async () => {
    bob = await app.client.signUp("Bob");
    const chats = await app.client.call("/api/chats", { as: alice });
    const aliceChatId = chats.json.chats[0].id as string;
    expectError(await app.client.call(`/api/chats/${aliceChatId}`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${aliceChatId}`, { method: "DELETE", as: bob, via: "bearer" }), 404, "not_found");
    expect((await app.client.call("/api/chats", { as: bob })).json.chats).toEqual([]);
  });

  it("pins and archives a chat, and refuses to include a temporary one in memory with 409, as locally", async () => {
    const created = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Scratch", temporary: true } });
    expect(created.json.chat).toMatchObject({ temporary: true, inMemory: false });
    const chatId = created.json.chat.id as string;
    const patch = (body: unknown) => app.client.call(`/api/chats/${chatId}`, { method: "PATCH", as: alice, body });
    expect((await patch({ pinned: true, archived: true })).json.chat).toMatchObject({ pinned: true, archived: true });
    expectError(await patch({ inMemory: true }), 409, "conflict");
    const stored = await stack.pg.query<{ in_memory: boolean }>("select in_memory from public.chats where id = $1", [chatId]);
    expect(stored.rows).toEqual([{ in_memory: false }]);
    const archived = await app.client.call("/api/chats?archived=true&q=scratch", { as: alice });
    expect(archived.json.chats.map((chat: { id: string }) => chat.id)).toEqual([chatId]);
  });

  it("leaves live updates to Supabase Realtime: the chat page is told so, /api/events is not served, both tables are published", async () => {
    const page = await app.client.call("/chat", { as: alice });
    expect(page.status).toBe(200);
    expect(page.text).toContain("supabase-realtime");
    expect(page.text).toContain(stack.env.NEXT_PUBLIC_SUPABASE_URL);
    expectError(await app.client.call("/api/events", { as: alice }), 404, "not_found");
    const published = await stack.pg.query<{ tablename: string }>(
      "select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by 1",
    );
    expect(published.rows.map((row) => row.tablename)).toEqual(["chats", "messages"]);
  });

  it("counts the usage and sends the rate-limit headers", async () => {
    const response = await app.client.call("/api/chats", { as: bob });
    expect(response.headers.get("ratelimit-limit")).toBeTruthy();
    const rows = await stack.pg.query<{ requests: number }>(
      "select sum(requests)::int as requests from public.usage_requests where user_id = $1 and route_group = 'chats'",
      [bob.id],
    );
    expect(rows.rows[0]!.requests).toBeGreaterThanOrEqual(2);
  });
});

describe("admin rights on Supabase Auth: app_metadata.role, which only the service role writes", () => {
  // Straight at Auth, as anyone can with the project's public URL and publishable key.
  const authClient = (key: string) => createClient(stack.gotrue.url, key, { auth: { persistSession: false, autoRefreshToken: false } });
  const overview = (accessToken: string) => app.client.call("/api/admin/overview", { headers: { authorization: `Bearer ${accessToken}` } });

  async function logIn({ name, email, password }: { name: string; email: string; password: string }): Promise<Person> {
    const response = await app.client.call("/api/auth/login", { method: "POST", body: { email, password } });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
    return { name, email, password, id: response.json.user.id, accessToken: response.json.accessToken, cookie };
  }

  it("Mallory names herself admin in her user_metadata, at sign-up and after: still no admin", async () => {
    const mallory = authClient(stack.gotrue.publishableKey);
    const email = `mallory-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const signup = await mallory.auth.signUp({ email, password: "mallory-password-1", options: { data: { role: "admin" } } });
    expect(signup.error).toBeNull();
    expect(signup.data.user).toMatchObject({ user_metadata: { role: "admin" }, app_metadata: { provider: "email", providers: ["email"] } });
    expectError(await overview(signup.data.session!.access_token), 403, "forbidden");

    await mallory.auth.setSession({ access_token: signup.data.session!.access_token, refresh_token: signup.data.session!.refresh_token });
    const update = await mallory.auth.updateUser({ data: { role: "admin", is_admin: true } });
    expect(update.error).toBeNull();
    // Auth keeps app_metadata and its admin API to the service role.
    const ownAppMetadata = await mallory.auth.updateUser({ app_metadata: { role: "admin" } } as never);
    expect(ownAppMetadata.error?.status).toBe(403);
    const viaAdminApi = await authClient(stack.gotrue.publishableKey).auth.admin.updateUserById(signup.data.user!.id, { app_metadata: { role: "admin" } });
    expect(viaAdminApi.error?.status).toBe(403);

    const again = await logIn({ name: "Mallory", email, password: "mallory-password-1" });
    const claims = JSON.parse(Buffer.from(again.accessToken.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ user_metadata: { role: "admin", is_admin: true }, app_metadata: { provider: "email", providers: ["email"] } });
    expectError(await overview(again.accessToken), 403, "forbidden");
    expect((await app.client.call("/api/auth/session", { as: again })).json.user).toEqual({ id: again.id, email, isAdmin: false });
  });

  it("Alice, given app_metadata.role admin with the secret key, is an admin from her next token, and not after it is taken back", async () => {
    const service = authClient(stack.gotrue.secretKey);
    const before = await logIn(alice);
    const granted = await service.auth.admin.updateUserById(alice.id, { app_metadata: { role: "admin" } });
    expect(granted.error).toBeNull();
    expect(granted.data.user!.app_metadata).toEqual({ provider: "email", providers: ["email"], role: "admin" });
    // A token signed before the grant says what app_metadata was then, until it expires (DEPLOY.md).
    expectError(await overview(before.accessToken), 403, "forbidden");

    const admin = await logIn(alice);
    expect((await overview(admin.accessToken)).status).toBe(200);
    expect((await app.client.call("/api/admin/usage.csv", { as: admin })).status).toBe(200);
    expect((await app.client.call("/api/auth/session", { as: admin })).json.user).toEqual({ id: alice.id, email: alice.email, isAdmin: true });

    const revoked = await service.auth.admin.updateUserById(alice.id, { app_metadata: { role: null } });
    expect(revoked.data.user!.app_metadata).toEqual({ provider: "email", providers: ["email"] });
    expectError(await overview((await logIn(alice)).accessToken), 403, "forbidden");
  });
});

describe("signing out and leaving", () => {
  it("logs out at Auth: 204, the cookies are cleared and the session's refresh token is dead", async () => {
    const response = await app.client.call("/api/auth/logout", { method: "POST", as: bob });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().every((cookie) => /Max-Age=0/i.test(cookie))).toBe(true);
    expect(stack.gotrue.calls.some((call) => call.startsWith("POST /auth/v1/logout"))).toBe(true);
  });

  it("deletes the account: the Auth user and every row of it are gone", async () => {
    expect((await app.client.call("/api/account", { method: "DELETE", as: alice })).status).toBe(204);
    expect((await stack.pg.query("select 1 from auth.users where id = $1", [alice.id])).rows).toEqual([]);
    expect((await stack.pg.query("select 1 from public.chats where user_id = $1", [alice.id])).rows).toEqual([]);
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email: alice.email, password: alice.password } }), 401, "unauthorized");
  });
});
