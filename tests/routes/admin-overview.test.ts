import { beforeAll, describe, expect, it } from "vitest";
import { durationBoundsMs } from "@/lib/monitoring/request-stats";
import { eventually, sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

const opsEmail = "ops@mneme.test";
// Behind one trusted proxy, which reports the client addresses the tests pick.
const app = setUpAppServer({ TRUSTED_PROXY_HOPS: "1" });
let alice: Person;
let bob: Person;
let ops: Person;
const secret = "zebra-quartz-4711 is where Alice hid the spare key";
let aliceReply = "";
let alertId = "";

const overview = (query = "", as: Person | null = ops) => app.client.call(`/api/admin/overview${query}`, { as });
const fromAddress = () => ({ "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}` });

/** Rollup rows of `minutesAgo`, all in the (1000, 2500] ms latency bucket. */
async function insertRequestStats({ minutesAgo, statusClass, requests }: { minutesAgo: number; statusClass: string; requests: number }) {
  const buckets = durationBoundsMs.map((bound) => (bound === 2500 ? requests : 0)).concat(0);
  const pg = await database();
  await pg.query(
    `insert into private.request_stats (minute, route, status_class, requests, duration_ms_sum, duration_buckets)
     values (date_trunc('minute', now()) - make_interval(mins => $1), '/api/probe', $2, $3, $4, $5::bigint[])`,
    [minutesAgo, statusClass, requests, requests * 2000, `{${buckets.join(",")}}`],
  );
}

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email: opsEmail, password: "ops-password-123" } });
  expect(signup.status).toBe(201);
  ops = { name: "Ops", email: opsEmail, password: "ops-password-123", id: signup.json.user.id, accessToken: signup.json.accessToken, cookie: signup.headers.get("set-cookie")!.split(";")[0]! };
  expect(await grantAdmin(opsEmail)).toBe(ops.id);

  const chat = await sendChat(app.client, alice, { message: secret });
  aliceReply = chat.text;
  await sendChat(app.client, alice, { chatId: chat.meta.chatId, message: "And the second spare?" });
  for (let index = 0; index < 3; index += 1) expect((await app.client.call("/api/chats", { as: alice })).status).toBe(200);
  expect((await app.client.call("/api/chats", { as: bob })).status).toBe(200);

  const rating = await app.client.call("/api/feedback", { method: "POST", as: alice, body: { rating: 4, comment: "Lovely, but slow at night", page: "/chat" } });
  expect(rating.status).toBe(201);
  const vote = await app.client.call("/api/feedback", { method: "POST", as: alice, body: { messageId: chat.meta.assistantMessageId, vote: "up" } });
  expect(vote.status).toBe(201);

  for (const value of [1000, 2000, 3000, 4000]) {
    const sent = await app.client.call("/api/vitals", { method: "POST", headers: fromAddress(), body: { name: "LCP", value, rating: "good", id: `v5-lcp-${value}`, page: "/chat" } });
    expect(sent.status).toBe(204);
  }
  const cls = await app.client.call("/api/vitals", { method: "POST", headers: fromAddress(), body: { name: "CLS", value: 0.31, rating: "poor", id: "v5-cls-1", page: "/chat" } });
  expect(cls.status).toBe(204);

  const pg = await database();
  // Bob's one reply from a priced model: 1.234567 USD, settled.
  await pg.query(
    `insert into public.usage_charges (user_id, model, max_cost_micro_usd, status, input_tokens, output_tokens, cost_micro_usd, settled_at)
     values ($1, 'gpt-priced', 2000000, 'settled', 1000, 500, 1234567, now())`,
    [bob.id],
  );
  const alert = await pg.query<{ id: string }>(
    `insert into private.alert_events (rule, key, severity, summary, details, delivery)
     values ('error_rate', 'error_rate', 'critical', 'Error rate 7.5 % over 5 min (threshold 5 %)', '{"secretDetail": "kept inside"}', 'sent')
     returning id`,
  );
  alertId = alert.rows[0]!.id;
  await insertRequestStats({ minutesAgo: 40, statusClass: "2xx", requests: 900 });
  await insertRequestStats({ minutesAgo: 40, statusClass: "5xx", requests: 100 });
});

describe("GET /api/admin/overview: who may read it", () => {
  it("answers 401 without an identity", async () => {
    expectError(await overview("", null), 401, "unauthorized");
  });

  it("refuses Alice, who is not an admin, with 403", async () => {
    expectError(await overview("", alice), 403, "forbidden");
    expectError(await overview("?minutes=60", alice), 403, "forbidden");
  });

  it("refuses a window outside 5 to 1440 minutes, a non-number and unknown fields with 400", async () => {
    for (const query of ["?minutes=4", "?minutes=1441", "?minutes=abc", "?minutes=60.5", "?minutes=", "?minutes=-10", "?minutes=60&user=bob", "?from=2026-11-01"]) {
      expectError(await overview(query), 400, "invalid_input");
    }
  });
});

describe("GET /api/admin/overview: what an admin sees", () => {
  it("takes the window from ?minutes=, 60 by default, ending now", async () => {
    const before = Date.now();
    const answer = (await overview()).json;
    expect(answer.window.minutes).toBe(60);
    const from = Date.parse(answer.window.from);
    const to = Date.parse(answer.window.to);
    expect(to).toBeGreaterThanOrEqual(before - 1000);
    expect(to - from).toBeGreaterThan(59 * 60_000);
    expect(to - from).toBeLessThanOrEqual(60 * 60_000);
    expect(new Date(from).getUTCSeconds()).toBe(0);
    expect((await overview("?minutes=5")).json.window.minutes).toBe(5);
    expect((await overview("?minutes=1440")).json.window.minutes).toBe(1440);
  });

  it("counts the requests just made once the rollup has been flushed", async () => {
    // Requests made so far: 3 signups, 2 chats, 4 chat lists, 2 feedback, 5 vitals, and the 401s, 403s and 400s above.
    const answer = await eventually(async () => (await overview("?minutes=5")).json, (value) => value.requests.total >= 16, 15_000);
    expect(answer.requests.total).toBeGreaterThanOrEqual(16);
    // None of the real requests failed on the server; the 5xx rows inserted 40 minutes ago are outside 5 minutes.
    expect(answer.requests.serverErrors).toBe(0);
    expect(answer.requests.errorRate).toBe(0);
    expect(answer.requests.latencyMs.p50).toBeGreaterThan(0);
  });

  it("reads rate, error rate and latency percentiles from the rollup of every process", async () => {
    const { requests } = (await overview("?minutes=60")).json;
    expect(requests.serverErrors).toBe(100);
    expect(requests.total).toBeGreaterThan(1000);
    expect(requests.errorRate).toBe(Math.round((100 / requests.total) * 10_000) / 10_000);
    expect(requests.perMinute).toBe(Math.round((requests.total / 60) * 100) / 100);
    // 1000 of the requests took between 1 and 2.5 s: every percentile falls in that bucket.
    expect(requests.latencyMs.p50).toBeGreaterThan(1000);
    expect(requests.latencyMs.p50).toBeLessThanOrEqual(requests.latencyMs.p95);
    expect(requests.latencyMs.p95).toBeLessThanOrEqual(requests.latencyMs.p99);
    expect(requests.latencyMs.p99).toBeLessThanOrEqual(2500);

    const recent = (await overview("?minutes=30")).json.requests;
    expect(recent.serverErrors).toBe(0);
    expect(recent.total).toBeLessThan(requests.total - 900);
  });

  it("lists this month's top users by requests, with their settled cost in dollars", async () => {
    const { topUsers } = (await overview()).json;
    const pg = await database();
    const counted = await pg.query<{ user_id: string; n: number }>(
      "select user_id, sum(requests)::int as n from public.usage_requests where user_id = any($1) group by user_id",
      [[alice.id, bob.id]],
    );
    const requestsOf = (id: string) => counted.rows.find((row) => row.user_id === id)!.n;
    expect(topUsers).toContainEqual({ userId: alice.id, email: alice.email, requests: requestsOf(alice.id), costUsd: 0 });
    expect(topUsers).toContainEqual({ userId: bob.id, email: bob.email, requests: requestsOf(bob.id), costUsd: 1.234567 });
    expect(requestsOf(alice.id)).toBe(9);
    const order = topUsers.map((user: { requests: number }) => user.requests);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(topUsers.length).toBeLessThanOrEqual(10);
  });

  it("sums this month's settled charges by model, dearest first", async () => {
    const { costByModel } = (await overview()).json;
    const pg = await database();
    const offline = (
      await pg.query<{ n: number; input: number; output: number }>(
        "select count(*)::int as n, sum(input_tokens)::int as input, sum(output_tokens)::int as output from public.usage_charges where model = 'offline' and status = 'settled'",
      )
    ).rows[0]!;
    expect(offline.n).toBe(2);
    expect(costByModel).toEqual([
      { model: "gpt-priced", requests: 1, inputTokens: 1000, outputTokens: 500, costUsd: 1.234567 },
      { model: "offline", requests: 2, inputTokens: offline.input, outputTokens: offline.output, costUsd: 0 },
    ]);
  });

  it("gives the 75th percentile and count of each web vital over 7 days, null where none came in", async () => {
    const { webVitals } = (await overview()).json;
    expect(webVitals).toEqual([
      { name: "LCP", p75: 3250, count: 4 },
      { name: "INP", p75: null, count: 0 },
      { name: "CLS", p75: 0.31, count: 1 },
      { name: "FCP", p75: null, count: 0 },
      { name: "TTFB", p75: null, count: 0 },
    ]);
  });

  it("lists recent alerts without their key or details, with whether an admin acknowledged them", async () => {
    const { recentAlerts } = (await overview()).json;
    expect(recentAlerts).toEqual([
      { id: alertId, rule: "error_rate", severity: "critical", summary: "Error rate 7.5 % over 5 min (threshold 5 %)", firedAt: expect.any(String), delivery: "sent", acknowledgedAt: null, clearedAt: null },
    ]);
    expect(Date.parse(recentAlerts[0].firedAt)).toBeGreaterThan(Date.now() - 5 * 60_000);
  });

  it("lists recent feedback, newest first: a rating with its page and a vote without the voted reply", async () => {
    const { recentFeedback } = (await overview()).json;
    expect(recentFeedback).toEqual([
      { id: expect.any(String), kind: "vote", vote: "up", comment: null, createdAt: expect.any(String), userId: alice.id, email: alice.email },
      { id: expect.any(String), kind: "rating", rating: 4, comment: "Lovely, but slow at night", page: "/chat", createdAt: expect.any(String), userId: alice.id, email: alice.email },
    ]);
  });

  it("never carries the text of anyone's chats", async () => {
    const text = (await overview("?minutes=1440")).text;
    expect(aliceReply.length).toBeGreaterThan(20);
    expect(text).not.toContain("zebra-quartz");
    expect(text).not.toContain("spare");
    expect(text).not.toContain(aliceReply);
    expect(text).not.toContain("secretDetail");
  });
});
