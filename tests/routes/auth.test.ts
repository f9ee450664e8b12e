import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectError } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

// Behind one trusted proxy: the per-address tests below write the address it reports.
const app = setUpAppServer({ TRUSTED_PROXY_HOPS: "1" });

async function countUsers(email: string) {
  const pg = await database();
  const result = await pg.query<{ n: number }>("select count(*)::int as n from auth.users where lower(email) = lower($1)", [email]);
  return result.rows[0]!.n;
}

describe("POST /api/auth/signup", () => {
  it("Alice signs up: 201, her user, a token, and an httpOnly SameSite=Lax session cookie", async () => {
    const response = await app.client.call("/api/auth/signup", {
      method: "POST",
      body: { email: "Alice.Signup@Example.com", password: "correct horse battery" },
    });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({
      user: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: "alice.signup@example.com" },
      accessToken: expect.any(String),
      expiresAt: expect.any(Number),
    });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^mneme-session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    expect(await countUsers("alice.signup@example.com")).toBe(1);
  });

  it("a taken email answers 409, whatever its case, and creates nothing", async () => {
    const first = await app.client.signUp("Dora");
    const response = await app.client.call("/api/auth/signup", {
      method: "POST",
      body: { email: first.email.toUpperCase(), password: "another password" },
    });
    expectError(response, 409, "conflict");
    expect(await countUsers(first.email)).toBe(1);
  });

  it.each([
    ["a short password", { email: "short@example.com", password: "1234567" }],
    ["a long password", { email: "long@example.com", password: "x".repeat(129) }],
    ["a bad email", { email: "not-an-email", password: "long enough" }],
    ["a missing password", { email: "missing@example.com" }],
    ["an unknown field", { email: "extra@example.com", password: "long enough", isAdmin: true }],
  ])("%s answers 400 invalid_input and creates nothing", async (_case, body) => {
    const response = await app.client.call("/api/auth/signup", { method: "POST", body });
    expectError(response, 400, "invalid_input");
    expect(await countUsers((body as { email: string }).email)).toBe(0);
  });

  it("malformed JSON is 400, a non-JSON body is 415, an oversized body is 413", async () => {
    expectError(await app.client.call("/api/auth/signup", { method: "POST", rawBody: "{email", headers: { "content-type": "application/json" } }), 400, "invalid_input");
    expectError(await app.client.call("/api/auth/signup", { method: "POST", rawBody: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "unsupported_media_type");
    const huge = JSON.stringify({ email: "big@example.com", password: "x".repeat(70_000) });
    expectError(await app.client.call("/api/auth/signup", { method: "POST", rawBody: huge, headers: { "content-type": "application/json" } }), 413, "payload_too_large");
  });

  it("GET is 405 with an Allow header", async () => {
    const response = await app.client.call("/api/auth/signup");
    expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("POST /api/auth/login", () => {
  it("Bob logs in with his password and gets a working session", async () => {
    const bob = await app.client.signUp("Bob");
    const response = await app.client.call("/api/auth/login", { method: "POST", body: { email: bob.email, password: bob.password } });
    expect(response.status).toBe(200);
    expect(response.json.user).toEqual({ id: bob.id, email: bob.email });
    const session = await app.client.call("/api/auth/session", { headers: { authorization: `Bearer ${response.json.accessToken}` } });
    expect(session.json).toEqual({ user: { id: bob.id, email: bob.email, isAdmin: false } });
  });

  it("a wrong password and an unknown email get the same 401", async () => {
    const bob = await app.client.signUp("Bob");
    const wrong = await app.client.call("/api/auth/login", { method: "POST", body: { email: bob.email, password: "wrong password" } });
    const unknown = await app.client.call("/api/auth/login", { method: "POST", body: { email: "nobody@example.com", password: "wrong password" } });
    expectError(wrong, 401, "unauthorized");
    expectError(unknown, 401, "unauthorized");
    expect(wrong.json.error.message).toBe(unknown.json.error.message);
  });

  it("stops guessing: after 10 failures for one email from one address, the next attempt from there is 429 with Retry-After, even with the right password", async () => {
    const eve = await app.client.signUp("Eve");
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await app.client.call("/api/auth/login", { method: "POST", body: { email: eve.email, password: `wrong-guess-${attempt}` } });
      expect(response.status).toBe(401);
    }
    const blocked = await app.client.call("/api/auth/login", { method: "POST", body: { email: eve.email, password: eve.password } });
    expectError(blocked, 429, "rate_limited");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it("every character of a long password counts: Bob's 100-character password works, one sharing its first 72 is refused", async () => {
    const email = `bob-long-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const prefix = "Bob's long passphrase, typed by his password manager: ".padEnd(72, "x");
    const password = `${prefix}${"1".repeat(28)}`;
    expect(password).toHaveLength(100);
    expect((await app.client.call("/api/auth/signup", { method: "POST", body: { email, password } })).status).toBe(201);
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password: `${prefix}${"2".repeat(28)}` } }), 401, "unauthorized");
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password: prefix } }), 401, "unauthorized");
    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email, password } });
    expect(login.status).toBe(200);
    const pg = await database();
    const stored = await pg.query<{ encrypted_password: string }>("select encrypted_password from auth.users where email = $1", [email]);
    expect(stored.rows[0]!.encrypted_password).toMatch(/^\$bcrypt-sha256\$/);
  });

  it("an account with a legacy bcrypt hash still signs in, and its hash is upgraded", async () => {
    const pg = await database();
    const email = `olga-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const { default: bcrypt } = await import("bcryptjs");
    await pg.query("insert into auth.users (email, encrypted_password) values ($1, $2)", [email, await bcrypt.hash("olga-password-1", 4)]);
    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email, password: "olga-password-1" } });
    expect(login.status).toBe(200);
    const stored = await pg.query<{ encrypted_password: string }>("select encrypted_password from auth.users where email = $1", [email]);
    expect(stored.rows[0]!.encrypted_password).toMatch(/^\$bcrypt-sha256\$/);
    expect((await app.client.call("/api/auth/login", { method: "POST", body: { email, password: "olga-password-1" } })).status).toBe(200);
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email, password: "olga-password-2" } }), 401, "unauthorized");
  });

  it("a forwarded address that is not an address is not taken as one: a long one is a normal 401, not a 500", async () => {
    const garbage = crypto.randomBytes(3000).toString("base64");
    const response = await app.client.call("/api/auth/login", {
      method: "POST",
      headers: { "x-forwarded-for": `${garbage}, 203.0.113.10` },
      body: { email: "nobody-here@example.com", password: "password123" },
    });
    expectError(response, 401, "unauthorized");
  });

  it("limits attempts per client address too", async () => {
    const address = { "x-forwarded-for": "203.0.113.9" };
    let last = 0;
    for (let attempt = 0; attempt < 51; attempt++) {
      const response = await app.client.call("/api/auth/login", {
        method: "POST",
        headers: address,
        body: { email: `spray-${attempt}@example.com`, password: "password123" },
      });
      last = response.status;
    }
    expect(last).toBe(429);
  });
});

describe("session and logout", () => {
  it("GET /api/auth/session answers { user: null } when signed out, and for a forged token", async () => {
    expect((await app.client.call("/api/auth/session")).json).toEqual({ user: null });
    const forged = await app.client.call("/api/auth/session", { headers: { cookie: "mneme-session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." } });
    expect(forged.json).toEqual({ user: null });
  });

  it("logout answers 204 and clears the cookie; without a session it is 401", async () => {
    const carol = await app.client.signUp("Carol");
    const response = await app.client.call("/api/auth/logout", { method: "POST", as: carol });
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toMatch(/^mneme-session=;.*Max-Age=0/);
    expectError(await app.client.call("/api/auth/logout", { method: "POST" }), 401, "unauthorized");
  });

  it("a signed-out session's token is refused from then on, as cookie and as bearer; other sessions go on", async () => {
    const dave = await app.client.signUp("Dave");
    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email: dave.email, password: dave.password } });
    const otherDevice = login.json.accessToken as string;
    expect((await app.client.call("/api/auth/logout", { method: "POST", as: dave })).status).toBe(204);

    // A copy of the cookie kept by someone else does not outlive the sign-out.
    expectError(await app.client.call("/api/chats", { as: dave }), 401, "unauthorized");
    expectError(await app.client.call("/api/chats", { as: dave, via: "bearer" }), 401, "unauthorized");
    expect((await app.client.call("/api/auth/session", { as: dave })).json).toEqual({ user: null });
    const page = await app.client.call("/chat", { as: dave });
    expect(page.status).toBe(307);
    // The session of the other sign-in is a different one.
    expect((await app.client.call("/api/chats", { headers: { authorization: `Bearer ${otherDevice}` } })).status).toBe(200);
    const pg = await database();
    const rows = await pg.query("select 1 from private.revoked_sessions where user_id = $1", [dave.id]);
    expect(rows.rows).toHaveLength(1);
  });

  it("logout from another site riding on the cookie is refused", async () => {
    const carol = await app.client.signUp("Carol");
    const response = await app.client.call("/api/auth/logout", { method: "POST", as: carol, headers: { origin: "https://evil.example" } });
    expectError(response, 403, "forbidden");
  });
});
