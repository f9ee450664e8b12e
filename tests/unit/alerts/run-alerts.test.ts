import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "@/lib/db/client";
import { startFakeWebhook, type FakeWebhook } from "../../fakes/webhook";

const alice = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const bob = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

let webhook: FakeWebhook;
let pg: EmbeddedDatabase;
let runAlerts: typeof import("@/lib/alerts/run-alerts").runAlerts;
let addRequestStat: typeof import("@/lib/monitoring/request-stats").addRequestStat;
let withService: typeof import("@/lib/db/transaction").withService;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  webhook = await startFakeWebhook();
  // The environment is read once, on first use: set it before the modules load.
  Object.assign(process.env, {
    ALERT_WEBHOOK_URL: webhook.url,
    PLAN_FREE_MONTHLY_BUDGET_USD: "1",
    ALERT_DAILY_COST_USD: "10",
    ALERT_COOLDOWN_MINUTES: "30",
    ALERT_MIN_REQUESTS: "20",
    ALERT_P95_LATENCY_MS: "1000",
  });
  ({ runAlerts } = await import("@/lib/alerts/run-alerts"));
  ({ addRequestStat } = await import("@/lib/monitoring/request-stats"));
  ({ withService } = await import("@/lib/db/transaction"));
  const client = await import("@/lib/db/client");
  closeDb = client.closeDb;
  await client.getDb();
  pg = await client.getEmbeddedDatabase();
  // As the start-up does: the environment's limits are the seeded plans' defaults.
  await (await import("@/lib/usage/plan-defaults")).applyPlanDefaults();
  await pg.exec(`
    insert into auth.users (id, email, encrypted_password) values
      ('${alice}', 'alice-secret@example.com', 'x'), ('${bob}', 'bob-secret@example.com', 'x');
    insert into public.usage_plans (user_id, plan) values ('${bob}', 'pro');`);
});
afterAll(async () => {
  await closeDb();
  await webhook.close();
});
beforeEach(async () => {
  await pg.exec("delete from private.alert_events; delete from public.usage_charges; delete from private.request_stats;");
  webhook.messages.length = 0;
  webhook.failWith = null;
});

async function settledCharge(userId: string, costUsd: number, createdAt = "now()") {
  await pg.query(
    `insert into public.usage_charges (user_id, model, max_cost_micro_usd, status, cost_micro_usd, created_at, settled_at)
     values ($1, 'gpt-4o-mini', $2, 'settled', $2, ${createdAt}, now())`,
    [userId, Math.round(costUsd * 1_000_000)],
  );
}

function requests(count: number, { route = "/api/chats", status = 200, ms = 20 } = {}) {
  for (let i = 0; i < count; i++) addRequestStat({ route, status, ms });
}

const rules = (fired: { rule: string }[]) => fired.map((alert) => alert.rule);

describe("runAlerts", () => {
  it("fires nothing and posts nothing while all is well", async () => {
    await settledCharge(alice, 0.5);
    requests(100);
    expect(await runAlerts()).toEqual({ fired: [], failed: [] });
    expect(webhook.messages).toEqual([]);
  });

  it("fires a user's budget thresholds once each, the highest crossed, by user id and never email", async () => {
    await settledCharge(alice, 0.85);
    // Open reservations are not spend: the alert is about money actually spent.
    await pg.query(`insert into public.usage_charges (user_id, model, max_cost_micro_usd) values ($1, 'gpt-4o-mini', 900000)`, [alice]);
    // Last month's spend counts for last month only.
    await settledCharge(alice, 5, "now() - interval '40 days'");

    const first = await runAlerts();
    expect(first.fired).toMatchObject([
      { rule: "user_budget", severity: "warning", delivery: "sent", details: { userId: alice, threshold: 80, spentUsd: 0.85, budgetUsd: 1 } },
    ]);
    expect(first.fired[0]!.summary).toContain("85.0%");
    expect((await runAlerts()).fired).toEqual([]);

    await settledCharge(alice, 0.1);
    expect((await runAlerts()).fired).toMatchObject([{ rule: "user_budget", details: { threshold: 90 } }]);
    await settledCharge(alice, 0.1);
    expect((await runAlerts()).fired).toMatchObject([{ rule: "user_budget", severity: "critical", details: { threshold: 100 } }]);

    expect(webhook.messages).toHaveLength(3);
    expect(JSON.stringify(webhook.messages)).not.toContain("secret@example.com");
    const rows = await pg.query<{ user_id: string; delivery: string }>("select user_id, delivery from private.alert_events");
    expect(rows.rows).toEqual(new Array(3).fill({ user_id: alice, delivery: "sent" }));
  });

  it("posts Slack-compatible messages: text for notifications, blocks for layout", async () => {
    await settledCharge(alice, 0.8);
    await runAlerts();
    const [message] = webhook.messages;
    expect(message!.text).toMatch(/Mneme alert: user_budget \(warning\)/);
    expect(message!.text).toContain("80.0%");
    expect(message!.blocks!.map((block) => block.type)).toEqual(["header", "section", "section", "context"]);
  });

  it("fires when the day's spend over all users crosses the global budget, once that day", async () => {
    await settledCharge(bob, 6);
    await settledCharge(alice, 0.5);
    expect((await runAlerts()).fired).toEqual([]);
    await settledCharge(bob, 4);
    const { fired } = await runAlerts();
    expect(fired).toMatchObject([{ rule: "daily_cost", severity: "critical", details: { spentUsd: 10.5, budgetUsd: 10 } }]);
    expect((await runAlerts()).fired).toEqual([]);
  });

  it("fires on a 5-minute error rate over 5 %, then holds off for the cooldown", async () => {
    requests(90);
    requests(10, { status: 503 });
    const { fired } = await runAlerts();
    expect(fired).toMatchObject([{ rule: "error_rate", severity: "critical", details: { requests: 100, serverErrors: 10, errorRate: 0.1 } }]);
    requests(10, { status: 500 });
    expect((await runAlerts()).fired).toEqual([]);

    // Once the cooldown has passed, a still-failing service pages again.
    await pg.exec("update private.alert_events set fired_at = now() - interval '31 minutes'");
    expect(rules((await runAlerts()).fired)).toEqual(["error_rate"]);
  });

  it("does not fire on a handful of requests, however many failed", async () => {
    requests(5);
    requests(5, { status: 500 });
    expect((await runAlerts()).fired).toEqual([]);
  });

  it("fires on p95 latency over the threshold, chat streams left out", async () => {
    requests(40, { route: "/api/chat", ms: 8000 });
    requests(40, { ms: 30 });
    expect((await runAlerts()).fired).toEqual([]);
    requests(10, { ms: 3000 });
    const { fired } = await runAlerts();
    expect(fired).toMatchObject([{ rule: "latency_p95", severity: "warning", details: { requests: 50, thresholdMs: 1000 } }]);
    expect(fired[0]!.details.p95Ms).toBeGreaterThan(2500);
  });

  it("records a webhook that refuses the alert as failed, and does not repeat it", async () => {
    webhook.failWith = 500;
    await settledCharge(alice, 0.9);
    expect((await runAlerts()).fired).toMatchObject([{ rule: "user_budget", delivery: "failed" }]);
    const rows = await pg.query<{ delivery: string }>("select delivery from private.alert_events");
    expect(rows.rows).toEqual([{ delivery: "failed" }]);
    expect((await runAlerts()).fired).toEqual([]);
  });

  it("fires health when the database stops answering", async () => {
    // PGlite runs one transaction at a time: holding one open stalls every other query.
    let release!: () => void;
    const held = withService("health", () => new Promise<void>((resolve) => (release = resolve)));
    const running = runAlerts();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    release();
    await held;
    const { fired } = await running;
    expect(fired).toMatchObject([{ rule: "health", severity: "critical", delivery: "sent" }]);
    expect(fired[0]!.summary).toContain("database");
  });

  it("fires each alert once when two evaluators run at the same time", async () => {
    await settledCharge(alice, 0.8);
    requests(30, { status: 500 });
    const [one, two] = await Promise.all([runAlerts(), runAlerts()]);
    expect([...rules(one.fired), ...rules(two.fired)].sort()).toEqual(["error_rate", "user_budget"]);
    expect(webhook.messages).toHaveLength(2);
  });
});
