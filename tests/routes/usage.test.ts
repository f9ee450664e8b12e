import { beforeAll, describe, expect, it } from "vitest";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

const opsEmail = "ops@mneme.test";
// Empty means unset: this file runs with the plan table's per-minute defaults (60 API, 10 chat).
const app = setUpAppServer({ RATE_LIMIT_API_PER_MINUTE: "", RATE_LIMIT_CHAT_PER_MINUTE: "", PLAN_FREE_MONTHLY_REQUESTS: "10", PLAN_FREE_MONTHLY_BUDGET_USD: "1" });
let alice: Person;
let bob: Person;
let ops: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email: opsEmail, password: "ops-password-123" } });
  expect(signup.status).toBe(201);
  ops = { name: "Ops", email: opsEmail, password: "ops-password-123", id: signup.json.user.id, accessToken: signup.json.accessToken, cookie: signup.headers.get("set-cookie")!.split(";")[0]! };
  expect(await grantAdmin(opsEmail)).toBe(ops.id);
  for (let index = 0; index < 8; index += 1) await sendChat(app.client, alice, { message: `Question ${index}` });
  await app.client.call("/api/chats", { as: bob });
});

const today = new Date().toISOString().slice(0, 10);
const isoDayBefore = (day: string, days: number) => new Date(Date.parse(day) - days * 86_400_000).toISOString().slice(0, 10);

describe("GET /api/usage", () => {
  it("gives Alice this month's totals, days, models, limits and the fraction of her allowance used", async () => {
    const response = await app.client.call("/api/usage", { as: alice });
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-limit")).toBe("60");
    const usage = response.json;
    expect(usage.totals).toEqual({ requests: 8, inputTokens: expect.any(Number), outputTokens: expect.any(Number), costUsd: 0 });
    expect(usage.daily.at(-1)).toMatchObject({ date: today, requests: 8 });
    expect(usage.byModel).toEqual([{ model: "offline", requests: 8, inputTokens: usage.totals.inputTokens, outputTokens: usage.totals.outputTokens, costUsd: 0 }]);
    expect(usage.limits).toEqual({ requestsPerMinute: 60, chatRequestsPerMinute: 10, monthlyRequests: 10, monthlyBudgetUsd: 1, models: null, own: false });
    expect([usage.plan, usage.planName]).toEqual(["free", "Free"]);
    expect(usage.plan).toBe("free");
    expect(usage.usedFraction).toBe(0.8);
    expect(usage.month).toEqual({ chatRequests: 8, spendUsd: 0 });
  });

  it("counts each read of it too, and shows Bob only his own usage", async () => {
    const first = (await app.client.call(`/api/usage?from=${today}&to=${today}`, { as: bob })).json;
    expect(first.totals.requests).toBe(1);
    expect(first.byModel).toEqual([]);
    const second = (await app.client.call(`/api/usage?from=${today}&to=${today}`, { as: bob })).json;
    expect(second.totals.requests).toBe(2);
  });

  it("refuses bad periods with 400", async () => {
    expectError(await app.client.call("/api/usage?from=2026-13-01", { as: alice }), 400, "invalid_input");
    expectError(await app.client.call("/api/usage?from=2026-11-02&to=2026-11-01", { as: alice }), 400, "invalid_input");
    expectError(await app.client.call("/api/usage?from=2024-01-01&to=2026-11-01", { as: alice }), 400, "invalid_input");
    expectError(await app.client.call("/api/usage"), 401, "unauthorized");
  });

  it("bounds Alice's period to 366 days also when she gives only one end (the other defaults)", async () => {
    const onlyFrom = await app.client.call("/api/usage?from=0001-01-01", { as: alice });
    expectError(onlyFrom, 400, "invalid_input");
    expect(onlyFrom.json.error.message).toMatch(/at most 366 days/);
    expectError(await app.client.call(`/api/usage?from=${isoDayBefore(today, 366)}`, { as: alice }), 400, "invalid_input");
    const yearToToday = await app.client.call(`/api/usage?from=${isoDayBefore(today, 365)}`, { as: alice });
    expect(yearToToday.status).toBe(200);
    expect(yearToToday.json.daily).toHaveLength(366);
    const onlyTo = await app.client.call("/api/usage?to=2026-02-10", { as: alice });
    expect(onlyTo.status).toBe(200);
    expect([onlyTo.json.from, onlyTo.json.to, onlyTo.json.daily.length]).toEqual(["2026-02-01", "2026-02-10", 10]);
  });
});

describe("GET /api/admin/usage.csv", () => {
  it("gives an admin one line per user and day: requests, tokens, cost", async () => {
    const response = await app.client.call("/api/admin/usage.csv", { as: ops });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, ...lines] = response.text.trim().split("\n");
    expect(header).toBe("user_id,email,day,requests,input_tokens,output_tokens,cost_usd");
    const aliceLine = lines.find((line) => line.startsWith(alice.id))!.split(",");
    expect(aliceLine.slice(1, 4)).toEqual([alice.email, today, expect.any(String)]);
    const pg = await database();
    const counted = await pg.query<{ n: number }>("select sum(requests)::int as n from usage_requests where user_id = $1", [alice.id]);
    expect(Number(aliceLine[3])).toBe(counted.rows[0]!.n);
    expect(aliceLine[6]).toBe("0.000000");
  });

  it("refuses the ops admin a period over 366 days, also given by its start only", async () => {
    expectError(await app.client.call("/api/admin/usage.csv?from=0001-01-01", { as: ops }), 400, "invalid_input");
    expectError(await app.client.call("/api/admin/usage.csv?from=2020-01-01&to=2026-01-01", { as: ops }), 400, "invalid_input");
  });

  it("neutralises Mallory's email, which a spreadsheet would run as a formula", async () => {
    const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email: "+mallory-1+1@example.com", password: "mallory-password-1" } });
    expect(signup.status).toBe(201);
    const mallory: Person = { name: "Mallory", email: "+mallory-1+1@example.com", password: "mallory-password-1", id: signup.json.user.id, accessToken: signup.json.accessToken, cookie: signup.headers.get("set-cookie")!.split(";")[0]! };
    expect((await app.client.call("/api/chats", { as: mallory })).status).toBe(200);
    const response = await app.client.call("/api/admin/usage.csv", { as: ops });
    expect(response.status).toBe(200);
    const line = response.text.split("\n").find((row) => row.startsWith(mallory.id))!;
    expect(line.split(",")[1]).toBe("'+mallory-1+1@example.com");
    expect(response.text.split("\n").filter((row) => /^[=+\-@\t\r]/.test(row.split(",")[1] ?? ""))).toEqual([]);
  });

  it("refuses Alice, who is not an admin, with 403", async () => {
    expectError(await app.client.call("/api/admin/usage.csv", { as: alice }), 403, "forbidden");
  });
});

describe("the default per-minute limit", () => {
  it("Frank's 61st API request within a minute answers 429 rate_limited with Retry-After and RateLimit headers", async () => {
    const frank = await app.client.signUp("Frank");
    const left = 60 - (Date.now() / 1000) % 60;
    if (left < 15) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
    const responses = await Promise.all(Array.from({ length: 61 }, () => app.client.call("/api/models", { as: frank })));
    expect(responses.filter((response) => response.status === 200).length).toBe(60);
    const refused = responses.find((response) => response.status === 429)!;
    expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect([refused.headers.get("ratelimit-limit"), refused.headers.get("ratelimit-remaining")]).toEqual(["60", "0"]);
  });
});
