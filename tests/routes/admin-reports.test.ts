import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf, lastFullWeek, weekBefore, type IsoWeek } from "@/lib/admin/iso-week";
import { durationBoundsMs } from "@/lib/monitoring/request-stats";
import { startFakeWebhook, type FakeWebhook } from "../fakes/webhook";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

let webhook: FakeWebhook;
beforeAll(async () => {
  webhook = await startFakeWebhook();
});
afterAll(() => webhook.close());

const cronSecret = "cron-secret-cron-secret-0123456789";
const app = setUpAppServer(() => ({ CRON_SECRET: cronSecret, ALERT_WEBHOOK_URL: webhook.url, ALERTS_INTERVAL_MS: "3600000" }));
const asCron = { authorization: `Bearer ${cronSecret}` };

let alice: Person;
let bob: Person;
let ops: Person;
// An address a spreadsheet would read as a formula: the CSV must keep it text.
const formulaUser = { id: crypto.randomUUID(), email: "=2+3@example.com" };

const report = (query = "", as: Person | null = ops) => app.client.call(`/api/admin/reports/weekly${query}`, { as });
const reportCsv = (query = "", as: Person | null = ops) => app.client.call(`/api/admin/reports/weekly.csv${query}`, { as });

const week = lastFullWeek(new Date());
const previous = weekBefore(week);
const next = isoWeekOf(new Date());
/** `days` after the Monday `of` starts on, at `time` UTC, as an ISO timestamp. */
const at = (of: IsoWeek, days: number, time = "00:00:00") => new Date(of.start.getTime() + days * 86_400_000 + Date.parse(`1970-01-01T${time}Z`)).toISOString();
const justBefore = (moment: Date) => new Date(moment.getTime() - 1).toISOString();

/** One hour's or minute's rollup row: `requests` answers, all in the latency bucket whose upper bound is `bucketMs`. */
const bucketsWith = (requests: number, bucketMs: number) => `{${durationBoundsMs.map((bound) => (bound === bucketMs ? requests : 0)).concat(0).join(",")}}`;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  ops = await app.client.signUp("Ops");
  expect(await grantAdmin(ops.email)).toBe(ops.id);
  const pg = await database();
  await pg.query("insert into auth.users (id, email, encrypted_password) values ($1, $2, 'x')", [formulaUser.id, formulaUser.email]);
  await pg.query("insert into public.usage_plans (user_id, plan) values ($1, 'pro') on conflict (user_id) do update set plan = 'pro'", [bob.id]);
  // Alice's reply to vote on, sent before her spend below is seeded: when the report's week lies in
  // this month (on a Monday, say), that spend would leave her over the free plan's budget.
  const chat = await sendChat(app.client, alice, { message: "What is the tide table for Sunday?" });

  const charge = (userId: string, model: string, costMicroUsd: number, input: number, output: number, at: string, status = "settled") =>
    pg.query(
      `insert into public.usage_charges (user_id, model, max_cost_micro_usd, status, input_tokens, output_tokens, cost_micro_usd, created_at, settled_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [userId, model, Math.max(costMicroUsd, 1), status, input, output, costMicroUsd, at],
    );
  // The report's week is the last full one and its figures are seeded relative to it, so the
  // suite reads the same on any day (minute rows older than seven days are the prune's to drop).
  await charge(alice.id, "gpt-a", 1_500_000, 100, 50, at(week, 1, "08:00:00"));
  await charge(formulaUser.id, "gpt-a", 750_000, 10, 5, at(week, 4));
  await charge(bob.id, "gpt-b", 2_250_000, 200, 100, justBefore(week.end));
  await charge(bob.id, "gpt-a", 500_000, 1, 1, week.end.toISOString());
  await charge(alice.id, "gpt-a", 1_000_000, 40, 20, previous.start.toISOString());
  await charge(alice.id, "gpt-a", 9_000_000, 1, 1, justBefore(previous.start));
  // A reservation still open is no spend.
  await pg.query(
    "insert into public.usage_charges (user_id, model, max_cost_micro_usd, created_at) values ($1, 'gpt-a', 5000000, $2)",
    [alice.id, at(week, 2)],
  );

  // Requests, straight into the hourly rollup (the weekly report reads nothing else; the rollup of
  // minute rows is checked on its own below).
  const hour = (at: string, route: string, statusClass: string, requests: number, bucketMs: number) =>
    pg.query(
      `insert into private.request_stats_hourly (hour, route, status_class, requests, duration_ms_sum, duration_buckets) values ($1, $2, $3, $4, $5, $6::bigint[])`,
      [at, route, statusClass, requests, requests * bucketMs, bucketsWith(requests, bucketMs)],
    );
  await hour(at(week, 3, "10:00:00"), "/api/chats", "2xx", 900, 250);
  await hour(at(week, 3, "10:00:00"), "/api/chats", "5xx", 100, 250);
  // Chat streams count as requests but are left out of p95.
  await hour(at(week, 3, "11:00:00"), "/api/chat", "2xx", 100, 5000);
  await hour(at(previous, 2, "09:00:00"), "/api/chats", "2xx", 500, 25);

  // Feedback: two ratings (4 and 2) and a good vote in W48, one rating (5) in W47.
  const feedbackAt = async (body: Record<string, unknown>, at: string) => {
    const sent = await app.client.call("/api/feedback", { method: "POST", as: alice, body });
    expect(sent.status).toBe(201);
    await pg.query("update public.feedback set created_at = $2 where id = $1", [sent.json.id, at]);
  };
  await feedbackAt({ rating: 4, page: "/chat" }, week.start.toISOString());
  await feedbackAt({ rating: 2, page: "/chat" }, at(week, 5, "12:00:00"));
  await feedbackAt({ messageId: chat.meta.assistantMessageId, vote: "up" }, at(week, 2, "12:00:00"));
  await feedbackAt({ rating: 5, page: "/memory" }, justBefore(week.start));
});

describe("GET /api/admin/reports/weekly: who may read it, and which weeks", () => {
  it("answers 401 signed out and 403 to Alice, who is not an admin", async () => {
    expectError(await report("", null), 401, "unauthorized");
    expectError(await reportCsv("", null), 401, "unauthorized");
    expectError(await report("?week=2026-W48", alice), 403, "forbidden");
    expectError(await reportCsv("?week=2026-W48", alice), 403, "forbidden");
  });

  it("refuses a week that is no ISO week, or has not started, with 400", async () => {
    for (const query of ["?week=2026-W54", "?week=2027-W53", "?week=2025-W53", "?week=2026-W00", "?week=2026-W5", "?week=2026-w48", "?week=48", "?week=", "?week=2031-W01", "?week=2026-W48&user=bob"]) {
      expectError(await report(query), 400, "invalid_input");
      expectError(await reportCsv(query), 400, "invalid_input");
    }
  });

  it("reports the last full week by default, beside the week before", async () => {
    const answer = await report();
    expect(answer.status).toBe(200);
    const expected = lastFullWeek(new Date());
    expect(answer.json.week).toEqual({ id: expected.id, from: expected.start.toISOString(), to: expected.end.toISOString() });
    expect(Date.parse(answer.json.previousWeek.to)).toBe(expected.start.getTime());
    // 2026-W53 exists (2026 has 53 weeks) and the current week may be asked for.
    expect((await report("?week=2020-W53")).json.week.from).toBe("2020-12-28T00:00:00.000Z");
  });
});

describe("GET /api/admin/reports/weekly: the figures, exact on seeded data", () => {
  it("spends by model and in total, each beside the week before; week boundaries at Monday 00:00 UTC", async () => {
    const { json } = await report(`?week=${week.id}`);
    expect(json.week).toEqual({ id: week.id, from: week.start.toISOString(), to: week.end.toISOString() });
    expect(json.previousWeek).toEqual({ id: previous.id, from: previous.start.toISOString(), to: previous.end.toISOString() });
    expect(json.spendByModel).toEqual([
      { model: "gpt-a", current: { requests: 2, inputTokens: 110, outputTokens: 55, costUsd: 2.25 }, previous: { requests: 1, inputTokens: 40, outputTokens: 20, costUsd: 1 } },
      { model: "gpt-b", current: { requests: 1, inputTokens: 200, outputTokens: 100, costUsd: 2.25 }, previous: { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } },
    ]);
    expect(json.totals).toEqual({
      current: { requests: 3, inputTokens: 310, outputTokens: 155, costUsd: 4.5 },
      previous: { requests: 1, inputTokens: 40, outputTokens: 20, costUsd: 1 },
    });
  });

  it("spends by plan, counting the people who spent", async () => {
    const { json } = await report(`?week=${week.id}`);
    expect(json.spendByPlan).toEqual([
      { plan: "free", current: { requests: 2, inputTokens: 110, outputTokens: 55, costUsd: 2.25, users: 2 }, previous: { requests: 1, inputTokens: 40, outputTokens: 20, costUsd: 1, users: 1 } },
      { plan: "pro", current: { requests: 1, inputTokens: 200, outputTokens: 100, costUsd: 2.25, users: 1 }, previous: { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, users: 0 } },
    ]);
  });

  it("lists the week's dearest users beside what they spent the week before", async () => {
    const { json } = await report(`?week=${week.id}`);
    expect(json.topUsers.map((row: { email: string; current: { costUsd: number }; previous: { costUsd: number } }) => [row.email, row.current.costUsd, row.previous.costUsd])).toEqual([
      [bob.email, 2.25, 0],
      [alice.email, 1.5, 1],
      [formulaUser.email, 0.75, 0],
    ]);
  });

  it("gives error rate and p95 from the hourly rollup, chat streams left out of p95", async () => {
    const { json } = await report(`?week=${week.id}`);
    expect(json.requests).toEqual({
      current: { total: 1100, serverErrors: 100, errorRate: 0.0909, p95Ms: 242.5 },
      previous: { total: 500, serverErrors: 0, errorRate: 0, p95Ms: 24.3 },
    });
  });

  it("rolls the minute rows up by the hour when it runs, and a second report adds nothing twice", async () => {
    const pg = await database();
    const route = "/api/rollup-probe";
    for (const [statusClass, requests] of [["2xx", 900], ["5xx", 100]] as const) {
      await pg.query(
        `insert into private.request_stats (minute, route, status_class, requests, duration_ms_sum, duration_buckets)
         values (date_trunc('minute', now()), $1, $2, $3, $4, $5::bigint[])`,
        [route, statusClass, requests, requests * 250, bucketsWith(requests, 250)],
      );
    }
    const rolledUp = async () =>
      (await pg.query<{ status_class: string; requests: number }>(
        "select status_class, sum(requests)::int as requests from private.request_stats_hourly where route = $1 group by status_class order by status_class",
        [route],
      )).rows.map((row) => [row.status_class, row.requests]);
    expect((await report(`?week=${week.id}`)).status).toBe(200);
    expect(await rolledUp()).toEqual([["2xx", 900], ["5xx", 100]]);
    expect((await report(`?week=${week.id}`)).json.requests.current.total).toBe(1100);
    expect(await rolledUp()).toEqual([["2xx", 900], ["5xx", 100]]);
  });

  it("averages the ratings and counts the votes of each week", async () => {
    const { json } = await report(`?week=${week.id}`);
    expect(json.feedback).toEqual({
      current: { ratings: 2, averageRating: 3, upVotes: 1, downVotes: 0 },
      previous: { ratings: 1, averageRating: 5, upVotes: 0, downVotes: 0 },
    });
  });

  it("sets the next week beside this one: the Monday 00:00 charge is the next week's", async () => {
    const { json } = await report(`?week=${next.id}`);
    expect(json.spendByModel.find((row: { model: string }) => row.model === "gpt-a")).toEqual({
      model: "gpt-a",
      current: { requests: 1, inputTokens: 1, outputTokens: 1, costUsd: 0.5 },
      previous: { requests: 2, inputTokens: 110, outputTokens: 55, costUsd: 2.25 },
    });
    expect(json.totals.previous.costUsd).toBe(4.5);
  });

  it("downloads as CSV, one line per figure, with text a spreadsheet would run neutralised", async () => {
    const response = await reportCsv(`?week=${week.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="weekly-report-${week.id}.csv"`);
    const lines = response.text.trim().split("\n");
    expect(lines[0]).toBe(`section,name,figure,${week.id},${previous.id}`);
    expect(lines).toContain("total,all models,cost_usd,4.5,1");
    expect(lines).toContain("model,gpt-b,cost_usd,2.25,0");
    expect(lines).toContain("plan,free,users,2,1");
    expect(lines).toContain("user,'=2+3@example.com,cost_usd,0.75,0");
    expect(lines).toContain("requests,api,error_rate,0.0909,0");
    expect(lines).toContain("requests,api,p95_ms,242.5,24.3");
    expect(lines).toContain("feedback,ratings,average,3,5");
    expect(response.text).not.toMatch(/(^|,)=/m);
  });
});

describe("GET /api/cron/weekly-report", () => {
  it("answers only the scheduler's bearer secret", async () => {
    expectError(await app.client.call("/api/cron/weekly-report"), 401, "unauthorized");
    expectError(await app.client.call("/api/cron/weekly-report", { as: ops, via: "bearer" }), 401, "unauthorized");
    expect(webhook.messages).toEqual([]);
  });

  it("posts last week's report to the webhook once, and again only after a failed post", async () => {
    const week = lastFullWeek(new Date()).id;
    webhook.failWith = 500;
    const failed = await app.client.call("/api/cron/weekly-report", { headers: asCron });
    expect(failed.status).toBe(200);
    expect(failed.json).toEqual({ week, delivery: "failed" });
    webhook.failWith = null;

    const sent = await app.client.call("/api/cron/weekly-report", { headers: asCron });
    expect(sent.json).toEqual({ week, delivery: "sent" });
    expect(webhook.messages).toHaveLength(1);
    expect(webhook.messages[0]!.text).toContain(`Mneme weekly report ${week}`);
    expect(webhook.messages[0]!.text).toMatch(/\*Spend\*: \$/);
    expect(webhook.messages[0]!.blocks!.map((block) => block.type)).toEqual(["header", "section", "section", "section", "context"]);

    expect((await app.client.call("/api/cron/weekly-report", { headers: asCron })).json).toEqual({ week, delivery: "already-sent" });
    expect(webhook.messages).toHaveLength(1);
  });
});
