import crypto from "node:crypto";
import { webVitalsPerAddress } from "@/lib/monitoring/record-web-vital";
import { describe, expect, it } from "vitest";
import { expectError } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

const metricsToken = "metrics-token-for-vitals-0123456789";
// Behind one trusted proxy, which reports each test's client address.
const app = setUpAppServer({ METRICS_TOKEN: metricsToken, TRUSTED_PROXY_HOPS: "1" });

interface StoredVital {
  name: string;
  value: number;
  rating: string;
  metric_id: string;
  page: string;
}

async function storedVitals(): Promise<StoredVital[]> {
  const pg = await database();
  return (await pg.query<StoredVital>("select name, value, rating, metric_id, page from public.web_vitals order by id")).rows;
}

async function vitalSeries(): Promise<string[]> {
  const response = await app.client.call("/api/metrics", { headers: { authorization: `Bearer ${metricsToken}` } });
  expect(response.status).toBe(200);
  return response.text.split("\n").filter((line) => line.startsWith("web_vitals_total{"));
}

/** Each test speaks from its own address, so the per-address limit is its own. */
const fromAddress = () => ({ "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}` });

const valid = { name: "LCP", value: 1234.5, rating: "good", id: "v5-1763770000000-1234567890123", page: "/chat/abc" };

describe("POST /api/vitals", () => {
  it("is public, takes a JSON report, stores it with the page as a path only, and counts it", async () => {
    const response = await app.client.call("/api/vitals", {
      method: "POST",
      headers: fromAddress(),
      body: { ...valid, page: "/memory?q=private+search+words#top" },
    });
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect(await storedVitals()).toContainEqual({ name: "LCP", value: 1234.5, rating: "good", metric_id: valid.id, page: "/memory" });
    expect(JSON.stringify(await storedVitals())).not.toContain("private");
    expect(await vitalSeries()).toContainEqual(expect.stringMatching(/^web_vitals_total\{name="LCP",rating="good"\} \d/));
  });

  it("takes a text/plain beacon body that parses as JSON", async () => {
    const response = await app.client.call("/api/vitals", {
      method: "POST",
      headers: { ...fromAddress(), "content-type": "text/plain;charset=UTF-8" },
      rawBody: JSON.stringify({ ...valid, name: "CLS", value: 0.05, id: "v5-cls-1" }),
    });
    expect(response.status).toBe(204);
    expect(await storedVitals()).toContainEqual(expect.objectContaining({ name: "CLS", value: 0.05, metric_id: "v5-cls-1" }));
  });

  it("rejects junk, huge and unknown values without creating a row or a series", async () => {
    const rowsBefore = (await storedVitals()).length;
    const seriesBefore = await vitalSeries();
    const junk: unknown[] = [
      { ...valid, name: "FID" },
      { ...valid, name: "lcp" },
      { ...valid, value: -1 },
      { ...valid, value: 1e12 },
      { ...valid, name: "CLS", value: 5000 },
      { ...valid, value: "1234" },
      { ...valid, rating: "excellent" },
      { ...valid, id: "" },
      { ...valid, id: "x".repeat(101) },
      { ...valid, id: "<script>" },
      { ...valid, page: "https://evil.example/" },
      { ...valid, page: "//evil.example/" },
      { ...valid, page: `/${"a".repeat(600)}` },
      { ...valid, page: "/chat\u0000" },
      { ...valid, extra: "field" },
      { name: "LCP", value: 1 },
      [],
      null,
    ];
    for (const body of junk) {
      const response = await app.client.call("/api/vitals", { method: "POST", headers: fromAddress(), body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expectError(response, 400, "invalid_input");
    }
    const notJson = await app.client.call("/api/vitals", {
      method: "POST",
      headers: { ...fromAddress(), "content-type": "text/plain" },
      rawBody: "LCP=1234",
    });
    expectError(notJson, 400, "invalid_input");
    const form = await app.client.call("/api/vitals", {
      method: "POST",
      headers: { ...fromAddress(), "content-type": "application/x-www-form-urlencoded" },
      rawBody: JSON.stringify(valid),
    });
    expectError(form, 415, "unsupported_media_type");
    const huge = await app.client.call("/api/vitals", { method: "POST", headers: fromAddress(), body: { ...valid, id: "x".repeat(5000) } });
    expectError(huge, 413, "payload_too_large");

    expect((await storedVitals()).length).toBe(rowsBefore);
    expect(await vitalSeries()).toEqual(seriesBefore);
  });

  it("a forwarded address that is not an address is no key of its own: a long one is taken, not a 500", async () => {
    const garbage = crypto.randomBytes(3000).toString("base64");
    const response = await app.client.call("/api/vitals", { method: "POST", headers: { "x-forwarded-for": garbage }, body: { ...valid, id: "v5-garbage-address" } });
    expect(response.status).toBe(204);
    const pg = await database();
    const keys = await pg.query<{ key: string }>("select key from private.rate_limit_windows where key like 'vitals:%'");
    expect(keys.rows.map((row) => row.key)).not.toContainEqual(expect.stringContaining(garbage.slice(0, 100)));
  });

  it("limits each client address per minute, with Retry-After", async () => {
    const headers = { "x-forwarded-for": "198.51.100.7" };
    // Windows are fixed minutes: do not straddle a boundary.
    const untilNextMinute = 60_000 - (Date.now() % 60_000);
    if (untilNextMinute < 25_000) await new Promise((resolve) => setTimeout(resolve, untilNextMinute + 100));
    // The allowance is sent a batch at a time: 600 requests one after another outlast the minute
    // on a busy machine.
    const batch = 20;
    for (let start = 0; start < webVitalsPerAddress.limit; start += batch) {
      const statuses = await Promise.all(
        Array.from({ length: Math.min(batch, webVitalsPerAddress.limit - start) }, (_, offset) =>
          app.client.call("/api/vitals", { method: "POST", headers, body: { ...valid, id: `v5-limit-${start + offset}` } }).then((response) => response.status),
        ),
      );
      expect(statuses.every((status) => status === 204)).toBe(true);
    }
    const limited = await app.client.call("/api/vitals", { method: "POST", headers, body: { ...valid, id: "v5-limit-over" } });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await storedVitals()).not.toContainEqual(expect.objectContaining({ metric_id: "v5-limit-over" }));
    const elsewhere = await app.client.call("/api/vitals", { method: "POST", headers: fromAddress(), body: { ...valid, id: "v5-other-address" } });
    expect(elsewhere.status).toBe(204);
  }, 90_000);
});
