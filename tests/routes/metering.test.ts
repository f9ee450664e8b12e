import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer({
  RATE_LIMIT_API_PER_MINUTE: "100000",
  RATE_LIMIT_CHAT_PER_MINUTE: "10",
  PLAN_FREE_MONTHLY_REQUESTS: "100000",
});
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

async function requestCounts(userId: string): Promise<Record<string, number>> {
  const pg = await database();
  const rows = await pg.query<{ route_group: string; status_class: string; requests: number }>(
    "select route_group, status_class, sum(requests)::int as requests from usage_requests where user_id = $1 group by 1, 2",
    [userId],
  );
  return Object.fromEntries(rows.rows.map((row) => [`${row.route_group} ${row.status_class}`, row.requests]));
}

/** Fixed one-minute windows: start a burst with enough of the window left that it cannot straddle two. */
async function awaitFreshWindow(neededSeconds = 25) {
  const left = 60 - (Date.now() / 1000) % 60;
  if (left < neededSeconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

describe("the per-user request counter", () => {
  it("500 concurrent requests from Alice leave her counter at exactly 500, each with RateLimit headers", async () => {
    const responses = await Promise.all(Array.from({ length: 500 }, () => app.client.call("/api/chats?limit=5", { as: alice })));
    expect(responses.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);
    for (const response of responses) {
      expect(response.headers.get("ratelimit-limit")).toBe("100000");
      expect(Number(response.headers.get("ratelimit-remaining"))).toBeGreaterThanOrEqual(0);
      expect(Number(response.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    }
    expect(await requestCounts(alice.id)).toEqual({ "chats 2xx": 500 });
  });

  it("counts failures by status class, and not requests without an identity", async () => {
    const before = await requestCounts(bob.id);
    expectError(await app.client.call(`/api/chats/${crypto.randomUUID()}`, { as: bob }), 404, "not_found");
    const anonymous = await app.client.call("/api/chats");
    expectError(anonymous, 401, "unauthorized");
    expect(anonymous.headers.get("ratelimit-limit")).toBeNull();
    expect(await requestCounts(bob.id)).toEqual({ ...before, "chats 4xx": (before["chats 4xx"] ?? 0) + 1 });
  });

  it("Alice deleting her chats never lowers what was counted", async () => {
    const created = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Soon gone" } });
    expect(created.status).toBe(201);
    const before = await requestCounts(alice.id);
    expect((await app.client.call(`/api/chats/${created.json.chat.id}`, { method: "DELETE", as: alice })).status).toBe(204);
    expect(await requestCounts(alice.id)).toEqual({ "chats 2xx": before["chats 2xx"]! + 1 });
  });

  it("Alice cannot write her own usage, even through row level security", async () => {
    const pg = await database();
    const claims = JSON.stringify({ sub: alice.id, role: "authenticated" });
    for (const statement of [
      `update public.usage_requests set requests = 0 where user_id = '${alice.id}'`,
      `delete from public.usage_requests where user_id = '${alice.id}'`,
      `insert into public.usage_requests (user_id, day, route_group, status_class, requests) values ('${alice.id}', current_date, 'x', '2xx', 1)`,
      `update public.usage_charges set cost_micro_usd = 0 where user_id = '${alice.id}'`,
      `update public.usage_plans set plan = 'pro' where user_id = '${alice.id}'`,
    ]) {
      const error = await pg
        .transaction(async (tx) => {
          await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)", [claims]);
          await tx.query(statement);
        })
        .then(() => null, (caught: { code?: string }) => caught.code);
      expect(error, statement).toBe("42501");
    }
    expect((await requestCounts(alice.id))["chats 2xx"]).toBeGreaterThanOrEqual(500);
  });
});

describe("per-minute limits", () => {
  it("with a limit of 10, 200 concurrent chats from Bob yield exactly 10 accepted and 190 × 429 with Retry-After", async () => {
    await awaitFreshWindow();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) => app.client.call("/api/chat", { method: "POST", as: bob, body: { message: `Burst ${index}` } })),
    );
    const accepted = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 429);
    expect([accepted.length, refused.length]).toEqual([10, 190]);
    for (const response of refused) {
      expectError(response, 429, "rate_limited");
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(response.headers.get("ratelimit-limit")).toBe("10");
      expect(response.headers.get("ratelimit-remaining")).toBe("0");
    }
    for (const response of accepted) {
      expect(response.headers.get("ratelimit-limit")).toBe("10");
      expect(response.text).toContain("event: done");
    }
    const counts = await requestCounts(bob.id);
    expect([counts["chat 2xx"], counts["chat 4xx"]]).toEqual([10, 190]);
    const pg = await database();
    const charges = await pg.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from usage_charges where user_id = $1 group by status",
      [bob.id],
    );
    expect(charges.rows).toEqual([{ status: "settled", n: 10 }]);
    const stored = await pg.query<{ n: number }>("select count(*)::int as n from messages where user_id = $1 and role = 'user'", [bob.id]);
    expect(stored.rows[0]!.n).toBe(10);
  });
});
