import { describe, expect, it } from "vitest";
import { expectError } from "../support/client";
import { clearOfWindowEdge } from "../support/rate-limit-windows";
import { setUpAppServer } from "../support/route-suite";

// No TRUSTED_PROXY_HOPS and no VERCEL: nothing in front of `next start` is trusted, so an
// X-Forwarded-For header is whatever the client wrote.
const app = setUpAppServer({ TRUSTED_PROXY_HOPS: "" });

describe("client addresses without a trusted proxy", () => {
  it("Mallory writes a new X-Forwarded-For on every attempt: it buys her nothing, the 51st failure is 429", async () => {
    await clearOfWindowEdge();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 51; attempt++) {
      const response = await app.client.call("/api/auth/login", {
        method: "POST",
        headers: { "x-forwarded-for": `203.0.113.${attempt + 1}` },
        body: { email: `spray-${attempt}@example.com`, password: "password123" },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
    expectError(
      await app.client.call("/api/auth/login", { method: "POST", headers: { "x-forwarded-for": "192.0.2.77" }, body: { email: "spray-last@example.com", password: "password123" } }),
      429,
      "rate_limited",
    );
  }, 60_000);
});
