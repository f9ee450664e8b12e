import { describe, expect, it } from "vitest";
import { setUpAppServer } from "../support/route-suite";

const app = setUpAppServer({ OPENAI_API_KEY: "sk-health-secret-should-not-appear" });

describe("GET /api/health", () => {
  it("is public and reports the database and the model provider, and no secret", async () => {
    const response = await app.client.call("/api/health");
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      status: "healthy",
      version: expect.any(String),
      uptimeSeconds: expect.any(Number),
      checks: {
        database: { status: "ok", latencyMs: expect.any(Number) },
        ai: { status: "ok", provider: "openai" },
        embeddings: { status: "ok", model: "text-embedding-3-small", pending: 0, running: 0, dead: 0, oldestPendingSeconds: null },
      },
    });
    expect(response.text).not.toContain("sk-health-secret");
    expect(response.text).not.toContain(process.env.AUTH_SECRET!);
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
