import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "@/lib/db/client";

const alice = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const bob = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const carol = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

// The environment is read once, on first use: the free plan's budget is cut to nothing.
Object.assign(process.env, { PLAN_FREE_MONTHLY_BUDGET_USD: "0", PLAN_FREE_MONTHLY_REQUESTS: "unlimited" });
const { beginTurn } = await import("@/lib/chat/begin-turn");
const { runAlerts } = await import("@/lib/alerts/run-alerts");
const { getUsage } = await import("@/lib/usage/get-usage");
const client = await import("@/lib/db/client");
let pg: EmbeddedDatabase;

beforeAll(async () => {
  pg = await client.getEmbeddedDatabase();
  // As the start-up does: the environment's limits are the seeded plans' defaults.
  await (await import("@/lib/usage/plan-defaults")).applyPlanDefaults();
  await pg.exec(`
    insert into auth.users (id, email, encrypted_password) values
      ('${alice}', 'alice@example.com', 'x'), ('${bob}', 'bob@example.com', 'x'), ('${carol}', 'carol@example.com', 'x');
    insert into public.usage_plans (user_id, plan) values ('${carol}', 'pro');
    -- Alice spent 30 cents before the operator set the free budget to 0.
    insert into public.usage_charges (user_id, model, max_cost_micro_usd, status, cost_micro_usd, settled_at)
      values ('${alice}', 'offline', 300000, 'settled', 300000, now());`);
});
afterAll(() => client.closeDb());

async function chargeCount(userId: string) {
  const rows = await pg.query<{ n: number }>("select count(*)::int as n from public.usage_charges where user_id = $1", [userId]);
  return rows.rows[0]!.n;
}

describe("a monthly budget of 0", () => {
  it("refuses Alice's and Bob's every chat with quota_exceeded, reserving nothing; Carol's pro plan still chats", async () => {
    for (const [userId, email] of [[alice, "alice@example.com"], [bob, "bob@example.com"]] as const) {
      const before = await chargeCount(userId);
      await expect(beginTurn({ id: userId, email }, { message: "Hello?" })).rejects.toMatchObject({ code: "quota_exceeded", status: 429 });
      expect(await chargeCount(userId)).toBe(before);
    }
    const { turn } = await beginTurn({ id: carol, email: "carol@example.com" }, { message: "Hello?" });
    turn.release();
    expect(turn.charge).toMatchObject({ model: "offline" });
    expect(await chargeCount(carol)).toBe(1);
  });

  it("shows Bob his allowance used up, and no request quota (unlimited is null)", async () => {
    const report = await getUsage({ id: bob, email: "bob@example.com" }, {});
    expect(report.limits).toMatchObject({ monthlyRequests: null, monthlyBudgetUsd: 0 });
    expect(report.usedFraction).toBe(1);
  });

  it("fires the 100 % budget alert for Alice, who has spent against it, once", async () => {
    const { fired } = await runAlerts();
    expect(fired.filter((alert) => alert.rule === "user_budget")).toMatchObject([
      { severity: "critical", details: { userId: alice, threshold: 100, spentUsd: 0.3, budgetUsd: 0 } },
    ]);
    const rows = await pg.query<{ user_id: string; key: string }>("select user_id, key from private.alert_events where rule = 'user_budget'");
    expect(rows.rows).toEqual([{ user_id: alice, key: expect.stringMatching(/:100$/) }]);
    expect((await runAlerts()).fired.filter((alert) => alert.rule === "user_budget")).toEqual([]);
  });
});
