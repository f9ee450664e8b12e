import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";
import { startFakeWebhook, type FakeWebhook } from "../fakes/webhook";

let webhook: FakeWebhook;
beforeAll(async () => {
  webhook = await startFakeWebhook();
});
afterAll(() => webhook.close());

// No cron here: the local mode's worker evaluates the rules on its own (every minute by default).
const app = setUpAppServer(() => ({ ALERT_WEBHOOK_URL: webhook.url, ALERTS_INTERVAL_MS: "300", ALERT_COOLDOWN_MINUTES: "60" }));

describe("the local worker's alert evaluation", () => {
  it("fires a 5xx spike on its own, posts it once, and keeps to the cooldown", async () => {
    expect(app.baseUrl).toBeTruthy();
    const pg = await database();
    await pg.exec(`select private.add_request_stats(date_trunc('minute', now()), '/api/chats', '5xx', 40, 400, '{40,0,0,0,0,0,0,0,0,0,0}')`);
    const messages = await eventually(async () => webhook.messages, (found) => found.length > 0, 10_000);
    expect(messages[0]!.text).toContain("error_rate");
    // Several more evaluations pass; the cooldown holds.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(webhook.messages).toHaveLength(1);
    const rows = await pg.query<{ rule: string; delivery: string }>("select rule, delivery from private.alert_events");
    expect(rows.rows).toEqual([{ rule: "error_rate", delivery: "sent" }]);
  });
});
