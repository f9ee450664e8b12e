import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { durationBoundsMs } from "@/lib/monitoring/request-stats";
import { startFakeWebhook, type FakeWebhook } from "../fakes/webhook";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

let webhook: FakeWebhook;
beforeAll(async () => {
  webhook = await startFakeWebhook();
});
afterAll(() => webhook.close());

const cronSecret = "cron-secret-cron-secret-0123456789";
const app = setUpAppServer(() => ({
  CRON_SECRET: cronSecret,
  ALERT_WEBHOOK_URL: webhook.url,
  ALERT_COOLDOWN_MINUTES: "30",
  ALERT_P95_LATENCY_MS: "1000",
  // The worker's own evaluation would race the calls below: here only the cron route evaluates.
  ALERTS_INTERVAL_MS: "3600000",
}));
const asCron = { authorization: `Bearer ${cronSecret}` };

let alice: Person;
let ops: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  ops = await app.client.signUp("Ops");
  expect(await grantAdmin(ops.email)).toBe(ops.id);
});
beforeEach(async () => {
  const pg = await database();
  await pg.exec("delete from private.alert_events; delete from private.request_stats; delete from private.alert_settings;");
  webhook.messages.length = 0;
});

/** This minute's rollup of a probe route: `failed` of `requests` answered 5xx, each in the 25 ms bucket. */
async function traffic({ requests, failed }: { requests: number; failed: number }) {
  const pg = await database();
  const buckets = (count: number) => `{${durationBoundsMs.map((bound) => (bound === 25 ? count : 0)).concat(0).join(",")}}`;
  await pg.query("delete from private.request_stats where route = '/api/probe'");
  for (const [statusClass, count] of [["2xx", requests - failed], ["5xx", failed]] as const) {
    if (count === 0) continue;
    await pg.query(
      `insert into private.request_stats (minute, route, status_class, requests, duration_ms_sum, duration_buckets)
       values (date_trunc('minute', now()), '/api/probe', $1, $2, $3, $4::bigint[])`,
      [statusClass, count, count * 20, buckets(count)],
    );
  }
}

const evaluate = async () => {
  const answer = await app.client.call("/api/cron/alerts", { headers: asCron });
  expect(answer.status).toBe(200);
  return (answer.json.fired as { rule: string; id: string }[]).filter((alert) => alert.rule === "error_rate");
};
const acknowledge = (id: string, as: Person | null = ops, body: unknown = { acknowledged: true }) =>
  app.client.call(`/api/admin/alerts/${id}`, { method: "PATCH", as, body });
/** As if the cooldown had passed since every alert fired. */
const afterCooldown = async () => (await database()).exec("update private.alert_events set fired_at = now() - interval '31 minutes'");

describe("PATCH /api/admin/alerts/:id", () => {
  it("answers 401 signed out, 403 to Alice, 404 for no such alert, 400 for anything but { acknowledged: true }", async () => {
    await traffic({ requests: 100, failed: 20 });
    const [alert] = await evaluate();
    expectError(await acknowledge(alert!.id, null), 401, "unauthorized");
    expectError(await acknowledge(alert!.id, alice), 403, "forbidden");
    expectError(await acknowledge(crypto.randomUUID()), 404, "not_found");
    expectError(await acknowledge("error_rate"), 404, "not_found");
    for (const body of [{}, { acknowledged: false }, { acknowledged: "true" }, { acknowledged: true, note: "on it" }]) {
      expectError(await acknowledge(alert!.id, ops, body), 400, "invalid_input");
    }
    const pg = await database();
    expect((await pg.query("select acknowledged_at from private.alert_events")).rows).toEqual([{ acknowledged_at: null }]);
  });

  it("an acknowledged alert does not fire again while its condition holds, and fires again once it has cleared", async () => {
    await traffic({ requests: 100, failed: 20 });
    const [alert] = await evaluate();
    expect(alert).toBeDefined();

    const acknowledged = await acknowledge(alert!.id);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.json).toMatchObject({ id: alert!.id, rule: "error_rate", acknowledged: true, acknowledgedBy: ops.id, clearedAt: null });
    // The overview shows it acknowledged.
    const overview = await app.client.call("/api/admin/overview", { as: ops });
    expect(overview.json.recentAlerts[0]).toMatchObject({ id: alert!.id, acknowledgedAt: acknowledged.json.acknowledgedAt, clearedAt: null });

    // Past the cooldown, still failing: quiet, because it was acknowledged.
    await afterCooldown();
    expect(await evaluate()).toEqual([]);
    expect(await evaluate()).toEqual([]);

    // The condition clears: nothing fires, and the acknowledgement is spent.
    await traffic({ requests: 100, failed: 0 });
    expect(await evaluate()).toEqual([]);
    const pg = await database();
    const cleared = await pg.query<{ cleared_at: Date | null }>("select cleared_at from private.alert_events where id = $1", [alert!.id]);
    expect(cleared.rows[0]!.cleared_at).not.toBeNull();

    // It fails again (past the cooldown): it fires again.
    await traffic({ requests: 100, failed: 30 });
    await afterCooldown();
    const again = await evaluate();
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(alert!.id);
    expect(webhook.messages.filter((message) => message.text.includes("error_rate"))).toHaveLength(2);
  });

  it("without an acknowledgement, a still-failing service pages again after the cooldown (as before)", async () => {
    await traffic({ requests: 100, failed: 20 });
    expect(await evaluate()).toHaveLength(1);
    await afterCooldown();
    expect(await evaluate()).toHaveLength(1);
  });

  it("keeps the first acknowledgement when acknowledged twice", async () => {
    await traffic({ requests: 100, failed: 20 });
    const [alert] = await evaluate();
    const first = await acknowledge(alert!.id);
    const second = await acknowledge(alert!.id);
    expect(second.json.acknowledgedAt).toBe(first.json.acknowledgedAt);
  });
});

describe("alert thresholds set by admins", () => {
  const thresholds = (as: Person | null = ops) => app.client.call("/api/admin/alert-thresholds", { as });
  const setThresholds = (body: unknown, as: Person | null = ops) => app.client.call("/api/admin/alert-thresholds", { method: "PATCH", as, body });
  const valueOf = (answer: { json: { thresholds: { name: string; value: number }[] } }, name: string) => answer.json.thresholds.find((setting) => setting.name === name);

  it("answers 401 signed out and 403 to Alice, whose change is not kept", async () => {
    expectError(await thresholds(null), 401, "unauthorized");
    expectError(await thresholds(alice), 403, "forbidden");
    expectError(await setThresholds({ errorRatePercent: 50 }, alice), 403, "forbidden");
    expectError(await setThresholds({ errorRatePercent: 50 }, null), 401, "unauthorized");
    expect((await (await database()).query("select * from private.alert_settings")).rows).toEqual([]);
  });

  it("starts from the environment, and refuses values out of bounds, unknown names and an empty change with 400", async () => {
    const answer = await thresholds();
    expect(answer.status).toBe(200);
    expect(valueOf(answer, "p95LatencyMs")).toMatchObject({ value: 1000, defaultValue: 1000, envName: "ALERT_P95_LATENCY_MS", updatedAt: null, updatedBy: null });
    expect(valueOf(answer, "cooldownMinutes")).toMatchObject({ value: 30, defaultValue: 30 });
    expect(valueOf(answer, "errorRatePercent")).toMatchObject({ value: 5, defaultValue: 5, envName: null });
    for (const body of [{}, { p95LatencyMs: 5 }, { p95LatencyMs: 1500.5 }, { minRequests: 0 }, { errorRatePercent: 101 }, { dailyCostUsd: -1 }, { cooldownMinutes: "60" }, { errorRate: 5 }]) {
      expectError(await setThresholds(body), 400, "invalid_input");
    }
    expect((await (await database()).query("select * from private.alert_settings")).rows).toEqual([]);
  });

  it("an admin's threshold is what the rules use, with who set it and when, until reset to the environment's", async () => {
    await traffic({ requests: 100, failed: 20 });
    const raised = await setThresholds({ errorRatePercent: 25 });
    expect(raised.status).toBe(200);
    expect(valueOf(raised, "errorRatePercent")).toMatchObject({ value: 25, defaultValue: 5, updatedBy: ops.id, updatedAt: expect.any(String) });
    // 20 % failing is under the admin's 25 %: quiet.
    expect(await evaluate()).toEqual([]);

    const reset = await setThresholds({ errorRatePercent: null });
    expect(valueOf(reset, "errorRatePercent")).toMatchObject({ value: 5, updatedAt: null, updatedBy: null });
    expect(await evaluate()).toHaveLength(1);
  });
});
