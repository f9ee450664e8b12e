import { beforeEach, describe, expect, it } from "vitest";
import { loginLimits } from "@/lib/auth/log-in";
import { expectError } from "../support/client";
import { clearOfWindowEdge } from "../support/rate-limit-windows";
import { database, setUpAppServer } from "../support/route-suite";

// Behind one trusted proxy (as on Vercel): the proxy appends the address it saw, so the rightmost
// X-Forwarded-For entry is the client's. These tests play that proxy.
const app = setUpAppServer({ TRUSTED_PROXY_HOPS: "1", RATE_LIMIT_SIGNUPS_PER_HOUR: "5" });

// Each test counts up to a limit within one window.
beforeEach(() => clearOfWindowEdge(), 60_000);

let nextAddress = 1;
/** A fresh client address (TEST-NET-2), as the trusted proxy reports it. */
const newAddress = () => `198.51.100.${nextAddress++}`;
const from = (address: string) => ({ "x-forwarded-for": address });

async function countUsers(emailPattern: string) {
  const pg = await database();
  const result = await pg.query<{ n: number }>("select count(*)::int as n from auth.users where email like $1", [emailPattern]);
  return result.rows[0]!.n;
}

async function signUpFrom(address: string, name: string) {
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = `${name}-password-123`;
  const response = await app.client.call("/api/auth/signup", { method: "POST", headers: from(address), body: { email, password } });
  expect(response.status).toBe(201);
  return { email, password, id: response.json.user.id as string };
}

const logIn = (address: string, body: { email: string; password: string }) =>
  app.client.call("/api/auth/login", { method: "POST", headers: from(address), body });

describe("sign-ups per client address", () => {
  it("Mallory's 30 sign-ups from one address: 5 accounts, then 429 rate_limited with Retry-After; Nora elsewhere signs up", async () => {
    const address = newAddress();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof app.client.call>> | undefined;
    for (let index = 0; index < 30; index++) {
      const response = await app.client.call("/api/auth/signup", {
        method: "POST",
        headers: from(address),
        body: { email: `mallory-bulk-${index}@example.com`, password: "mallory-password-1" },
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    expectError(limited!, 429, "rate_limited");
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await countUsers("mallory-bulk-%@example.com")).toBe(5);

    await signUpFrom(newAddress(), "Nora");
  });

  it("rotating the part of X-Forwarded-For that no trusted proxy wrote buys Mallory nothing", async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) {
      const response = await app.client.call("/api/auth/signup", {
        method: "POST",
        headers: from(`203.0.113.${index + 1}, ${address}`),
        body: { email: `mallory-spoof-${index}@example.com`, password: "mallory-password-1" },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    expect(await countUsers("mallory-spoof-%@example.com")).toBe(5);
  });
});

describe("wrong passwords do not lock the owner out", () => {
  it("Mallory fails 10 times for Alice from X: Alice's password from Y works (200), X stays limited (429)", async () => {
    const alice = await signUpFrom(newAddress(), "Alice");
    const x = newAddress();
    for (let attempt = 0; attempt < 10; attempt++) {
      expectError(await logIn(x, { email: alice.email, password: `guess-${attempt}-wrong` }), 401, "unauthorized");
    }
    const fromX = await logIn(x, { email: alice.email, password: alice.password });
    expectError(fromX, 429, "rate_limited");
    expect(Number(fromX.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(fromX.headers.get("retry-after"))).toBeLessThanOrEqual(900);

    const y = newAddress();
    const fromY = await logIn(y, { email: alice.email, password: alice.password });
    expect(fromY.status).toBe(200);
    expect(fromY.json.user).toEqual({ id: alice.id, email: alice.email });
    // Her sign-in was not a failure: it gave its count back.
    const pg = await database();
    const counts = await pg.query<{ key: string; hits: number }>("select key, hits from private.rate_limit_windows where key like $1 order by key", [`login:%${alice.email}%`]);
    expect(counts.rows).toEqual([
      { key: `login:email-address:${alice.email} ${x}`, hits: 10 },
      { key: `login:email-address:${alice.email} ${y}`, hits: 0 },
      { key: `login:email:${alice.email}`, hits: 10 },
    ]);
  });

  it("Alice signs in many times from one place: successes are not counted against her", async () => {
    const alice = await signUpFrom(newAddress(), "Alice");
    const home = newAddress();
    for (let attempt = 0; attempt < 15; attempt++) expect((await logIn(home, { email: alice.email, password: alice.password })).status).toBe(200);
  });

  it("failures for Alice spread over 150 addresses are refused before the end", async () => {
    // The limit counts in fixed 15-minute windows (the database's clock is this machine's): start
    // in a window that outlasts the attempts, or the count would begin again half-way.
    const windowMs = loginLimits.perEmail.windowSeconds * 1000;
    const leftInWindowMs = windowMs - (Date.now() % windowMs);
    if (leftInWindowMs < 90_000) await new Promise((resolve) => setTimeout(resolve, leftInWindowMs + 1000));
    const alice = await signUpFrom(newAddress(), "Alice");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 150; attempt++) {
      statuses.push((await logIn(newAddress(), { email: alice.email, password: `spray-${attempt}-wrong` })).status);
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(9);
    expect(firstLimited).toBeLessThan(150);
    expect(statuses.slice(0, firstLimited).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);
  }, 240_000);

  it("one address spraying many accounts is still limited per address", async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 51; attempt++) {
      statuses.push((await logIn(address, { email: `spray-${attempt}@example.com`, password: "password123" })).status);
    }
    expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
  }, 60_000);
});
