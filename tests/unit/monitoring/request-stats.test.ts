import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getEmbeddedDatabase } from "@/lib/db/client";
import { addRequestStat, flushRequestStats, getRequestSummary, quantileFromBuckets } from "@/lib/monitoring/request-stats";

beforeAll(() => getDb());
afterAll(() => closeDb());

describe("quantileFromBuckets", () => {
  it("interpolates inside the bucket the rank falls in, and is null without requests", () => {
    // 10 requests at or under 10 ms, 10 between 10 and 25 ms.
    const buckets = [10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(quantileFromBuckets(buckets, 0.5)).toBe(10);
    expect(quantileFromBuckets(buckets, 0.75)).toBe(17.5);
    expect(quantileFromBuckets(new Array(11).fill(0), 0.95)).toBeNull();
  });

  it("reports the open last bucket at its lower bound", () => {
    const buckets = [...new Array(10).fill(0), 3];
    expect(quantileFromBuckets(buckets, 0.99)).toBe(10_000);
  });
});

describe("request stats rollup", () => {
  it("adds flushes from several processes into one row per minute, route and status class", async () => {
    const pg = await getEmbeddedDatabase();
    await pg.exec("delete from private.request_stats");
    for (let i = 0; i < 90; i++) addRequestStat({ route: "/api/chats", status: 200, ms: 20 });
    await flushRequestStats();
    // A second flush (another process, or the next interval) adds to the same rows.
    for (let i = 0; i < 10; i++) addRequestStat({ route: "/api/chats", status: 500, ms: 3000 });
    addRequestStat({ route: "/api/chat", status: 200, ms: 9000 });
    await flushRequestStats();

    const rows = await pg.query<{ route: string; status_class: string; requests: number }>(
      "select route, status_class, requests::int from private.request_stats order by route, status_class",
    );
    expect(rows.rows).toEqual([
      { route: "/api/chat", status_class: "2xx", requests: 1 },
      { route: "/api/chats", status_class: "2xx", requests: 90 },
      { route: "/api/chats", status_class: "5xx", requests: 10 },
    ]);

    const summary = await getRequestSummary({ windowMinutes: 5, excludeRoutes: ["/api/chat"] });
    expect(summary).toMatchObject({ requests: 100, serverErrors: 10, errorRate: 0.1, requestsPerMinute: 20 });
    expect(summary.latencyMs.p50).toBeGreaterThan(10);
    expect(summary.latencyMs.p50).toBeLessThanOrEqual(25);
    expect(summary.latencyMs.p95).toBeGreaterThan(2500);
    expect(summary.latencyMs.p95).toBeLessThanOrEqual(5000);
  });

  it("leaves out minutes before the window", async () => {
    const pg = await getEmbeddedDatabase();
    await pg.exec("delete from private.request_stats");
    addRequestStat({ route: "/api/chats", status: 500, ms: 20, at: new Date(Date.now() - 10 * 60_000) });
    await flushRequestStats();
    expect((await getRequestSummary({ windowMinutes: 5 })).requests).toBe(0);
    expect((await getRequestSummary({ windowMinutes: 15 })).serverErrors).toBe(1);
  });
});
