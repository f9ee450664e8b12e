import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/next-start";
import { startSupabaseStack } from "../support/supabase-stack";

// The limiter is one atomic upsert in Postgres, so it must hold however many app processes share
// the database. Two `next start` processes (the production build) in the Supabase mode, against
// one wire-protocol Postgres and the fake Supabase Auth; Bob's burst is split between them.
const root = path.resolve(import.meta.dirname, "../..");
let stack: Awaited<ReturnType<typeof startSupabaseStack>>;
const servers: { process: ChildProcess; baseUrl: string }[] = [];

async function startNext(): Promise<{ process: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      ...stack.env,
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "1",
      LOG_LEVEL: "silent",
      OFFLINE_WORD_DELAY_MS: "1",
      RATE_LIMIT_CHAT_PER_MINUTE: "10",
      RATE_LIMIT_API_PER_MINUTE: "100000",
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    const up = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (up) return { process: child, baseUrl };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start on ${port} did not become healthy`);
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  servers.push(...(await Promise.all([startNext(), startNext()])));
}, 120_000);

afterAll(async () => {
  for (const { process: child } of servers) if (child.pid) process.kill(-child.pid, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await stack?.close();
});

describe("the per-minute limiter across two app processes", () => {
  it("with a limit of 10, 200 concurrent chats split over both processes yield exactly 10 accepted and 190 × 429", async () => {
    const [first, second] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const signup = await fetch(`${first.baseUrl}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `bob-${crypto.randomUUID().slice(0, 8)}@example.com`, password: "bob-password-123" }),
    });
    expect(signup.status).toBe(201);
    const { user, accessToken } = (await signup.json()) as { user: { id: string }; accessToken: string };

    // Inside one minute window, so both processes count into the same one.
    const left = 60 - ((Date.now() / 1000) % 60);
    if (left < 25) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));

    const responses = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const server = index % 2 === 0 ? first : second;
        const response = await fetch(`${server.baseUrl}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ message: `Burst ${index}` }),
        });
        return { server, status: response.status, retryAfter: response.headers.get("retry-after"), text: await response.text() };
      }),
    );
    const accepted = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 429);
    expect([accepted.length, refused.length]).toEqual([10, 190]);
    for (const response of refused) expect(Number(response.retryAfter)).toBeGreaterThan(0);
    for (const response of accepted) expect(response.text).toContain("event: done");
    // Both processes admitted and refused: the window is shared, not per process.
    expect(new Set(refused.map((response) => response.server.baseUrl)).size).toBe(2);

    const counts = await stack.pg.query<{ status_class: string; requests: number }>(
      "select status_class, requests::int from public.usage_requests where user_id = $1 and route_group = 'chat' order by status_class",
      [user.id],
    );
    expect(counts.rows).toEqual([
      { status_class: "2xx", requests: 10 },
      { status_class: "4xx", requests: 190 },
    ]);
  });
});
