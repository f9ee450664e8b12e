import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Person } from "../support/client";
import { expectError } from "../support/client";
import { eventually } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";
import { startFakeWebhook, type FakeWebhook } from "../fakes/webhook";

let webhook: FakeWebhook;
beforeAll(async () => {
  webhook = await startFakeWebhook();
});
afterAll(() => webhook.close());

const cronSecret = "cron-secret-cron-secret-0123456789";
const app = setUpAppServer(() => ({
  CRON_SECRET: cronSecret,
  ALERT_WEBHOOK_URL: webhook.url,
  PLAN_FREE_MONTHLY_BUDGET_USD: "1",
  // The worker's own evaluation would race the calls below: here only the cron route evaluates.
  ALERTS_INTERVAL_MS: "3600000",
}));

let alice: Person;
beforeAll(async () => {
  alice = await app.client.signUp("Alice");
});
beforeEach(async () => {
  const pg = await database();
  await pg.exec("delete from private.alert_events; delete from public.usage_charges; delete from private.request_stats;");
  webhook.messages.length = 0;
});

const asCron = { authorization: `Bearer ${cronSecret}` };

describe("GET /api/cron/alerts", () => {
  it("answers only the scheduler's bearer secret", async () => {
    expectError(await app.client.call("/api/cron/alerts"), 401, "unauthorized");
    expectError(await app.client.call("/api/cron/alerts", { headers: { authorization: "Bearer wrong-secret-wrong-secret-0123" } }), 401, "unauthorized");
    // A signed-in user is not the scheduler.
    expectError(await app.client.call("/api/cron/alerts", { as: alice, via: "bearer" }), 401, "unauthorized");
    const post = await app.client.call("/api/cron/alerts", { method: "POST", headers: asCron });
    expectError(post, 405, "method_not_allowed");
    expect(post.headers.get("allow")).toBe("GET");
    expect(webhook.messages).toEqual([]);
  });

  it("reports nothing fired while all is well, counting the real requests it saw", async () => {
    for (let i = 0; i < 25; i++) expect((await app.client.call("/api/chats", { as: alice })).status).toBe(200);
    const response = await app.client.call("/api/cron/alerts", { headers: asCron });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ fired: [], failed: [] });
    // The requests reached the shared per-minute rollup the rules read.
    const pg = await database();
    const rows = await pg.query<{ requests: number }>(
      "select sum(requests)::int as requests from private.request_stats where route = '/api/chats' and status_class = '2xx'",
    );
    expect(rows.rows[0]!.requests).toBeGreaterThanOrEqual(25);
  });

  it("fires a user's budget alert and an error-rate alert, posts them, and does not repeat them", async () => {
    const pg = await database();
    await pg.query(
      `insert into public.usage_charges (user_id, model, max_cost_micro_usd, status, cost_micro_usd, settled_at)
       values ($1, 'gpt-4o-mini', 920000, 'settled', 920000, now())`,
      [alice.id],
    );
    await pg.exec(`select private.add_request_stats(date_trunc('minute', now()), '/api/memory/search', '5xx', 30, 1500, '{0,30,0,0,0,0,0,0,0,0,0}')`);

    const response = await app.client.call("/api/cron/alerts", { headers: asCron });
    expect(response.status).toBe(200);
    const fired = response.json.fired as { rule: string; severity: string; summary: string; delivery: string; firedAt: string; id: string }[];
    expect(fired.map((alert) => alert.rule).sort()).toEqual(["error_rate", "user_budget"]);
    for (const alert of fired) expect(alert).toMatchObject({ id: expect.any(String), delivery: "sent", firedAt: expect.any(String) });
    expect(fired.find((alert) => alert.rule === "user_budget")!.summary).toContain(alice.id);
    expect(response.text).not.toContain(alice.email);

    expect(webhook.messages.map((message) => message.text)).toEqual(
      expect.arrayContaining([expect.stringContaining("user_budget"), expect.stringContaining("error_rate")]),
    );
    expect((await app.client.call("/api/cron/alerts", { headers: asCron })).json.fired).toEqual([]);
    expect(webhook.messages).toHaveLength(2);
  });

  it("removes a user's alerts with their account", async () => {
    const carol = await app.client.signUp("Carol");
    const pg = await database();
    await pg.query(
      `insert into public.usage_charges (user_id, model, max_cost_micro_usd, status, cost_micro_usd, settled_at)
       values ($1, 'gpt-4o-mini', 1000000, 'settled', 1000000, now())`,
      [carol.id],
    );
    await eventually(
      async () => (await app.client.call("/api/cron/alerts", { headers: asCron })).json.fired,
      (fired: { rule: string }[]) => fired.some((alert) => alert.rule === "user_budget"),
    );
    expect((await app.client.call("/api/account", { method: "DELETE", as: carol })).status).toBe(204);
    const rows = await pg.query("select 1 from private.alert_events where user_id = $1", [carol.id]);
    expect(rows.rows).toEqual([]);
  });
});

describe("GET /api/cron/maintenance", () => {
  it("prunes rate-limit windows older than the longest limit's window, and keeps the ones still counting", async () => {
    const pg = await database();
    await pg.exec(`
      insert into private.rate_limit_windows (key, window_start, hits) values
        ('test:prune:yesterday', now() - interval '1 day', 3),
        ('test:prune:two-hours', now() - interval '2 hours', 1),
        ('test:prune:half-hour', now() - interval '30 minutes', 9),
        ('test:prune:now', now(), 1)`);
    const response = await app.client.call("/api/cron/maintenance", { headers: asCron });
    expect(response.status).toBe(200);
    expect(response.json.rateLimitWindows.pruned).toBeGreaterThanOrEqual(2);
    const left = await pg.query<{ key: string }>("select key from private.rate_limit_windows where key like 'test:prune:%' order by key");
    expect(left.rows.map((row) => row.key)).toEqual(["test:prune:half-hour", "test:prune:now"]);
  });

  it("answers only the scheduler, and releases a reservation a dead process left behind", async () => {
    expectError(await app.client.call("/api/cron/maintenance"), 401, "unauthorized");
    const pg = await database();
    await pg.query(
      `insert into public.usage_charges (user_id, model, max_cost_micro_usd, created_at) values ($1, 'gpt-4o-mini', 50000, now() - interval '20 minutes')`,
      [alice.id],
    );
    // A reservation of a turn still in flight is left alone.
    await pg.query(`insert into public.usage_charges (user_id, model, max_cost_micro_usd) values ($1, 'gpt-4o-mini', 50000)`, [alice.id]);
    const response = await app.client.call("/api/cron/maintenance", { headers: asCron });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      deadReplies: { ended: 0 },
      abandonedCharges: { settled: 0, released: 1 },
      rateLimitWindows: { pruned: expect.any(Number) },
      unfinishedUploads: { removed: 0 },
      documentFiles: { pruned: 0 },
    });
    const rows = await pg.query<{ status: string }>("select status from public.usage_charges where user_id = $1 order by created_at", [alice.id]);
    expect(rows.rows.map((row) => row.status)).toEqual(["released", "reserved"]);
  });
});
