import { describe, expect, it } from "vitest";
import { expectError } from "../support/client";
import { setUpAppServer } from "../support/route-suite";

// No METRICS_TOKEN: this file also checks that production keeps /api/metrics closed without one.
const app = setUpAppServer({ OPENAI_API_KEY: "sk-health-secret-should-not-appear", METRICS_TOKEN: "" });

describe("GET /api/health", () => {
  it("is public and reports the database and the model provider, and no secret", async () => {
    const response = await app.client.call("/api/health");
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      status: "healthy",
      version: expect.any(String),
      uptimeSeconds: expect.any(Number),
      loadTestsAllowed: false,
      checks: {
        database: { status: "ok", latencyMs: expect.any(Number) },
        ai: { status: "ok", provider: "openai" },
        embeddings: { status: "ok", model: "text-embedding-3-small", pending: 0, running: 0, dead: 0, oldestPendingSeconds: null },
        documents: { status: "ok", pending: 0, running: 0, dead: 0, oldestPendingSeconds: null },
      },
    });
    expect(response.text).not.toContain("sk-health-secret");
    expect(response.text).not.toContain(process.env.AUTH_SECRET!);
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("GET /api/metrics under next start without METRICS_TOKEN", () => {
  it("is closed to everyone: 401, and no metric is served", async () => {
    const anonymous = await app.client.call("/api/metrics");
    expectError(anonymous, 401, "unauthorized");
    expect(anonymous.json.error.message).toContain("METRICS_TOKEN");
    const guessing = await app.client.call("/api/metrics", { headers: { authorization: "Bearer " } });
    expectError(guessing, 401, "unauthorized");
    expect(anonymous.text + guessing.text).not.toContain("http_requests_total");
  });
});
