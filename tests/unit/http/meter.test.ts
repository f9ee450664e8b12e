import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => ({ id: "00000000-0000-4000-8000-000000000001", email: "alice@example.com", isAdmin: false, via: "bearer" }),
}));
vi.mock("@/lib/db/transaction", () => ({
  withServiceStatement: async () => {
    throw new Error("connection refused");
  },
}));

const { meterRequest } = await import("@/lib/http/meter");
const { statusClassOf } = await import("@/lib/usage/admit-request");

describe("meterRequest when the database cannot answer the limiter", () => {
  it("fails the chat route (it costs money) closed with 503, without running it", async () => {
    const run = vi.fn(async () => new Response("ran"));
    const response = await meterRequest(new Request("http://app/api/chat", { method: "POST" }), "chat", "req-1", run);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    expect(response.headers.get("retry-after")).toBe("5");
    expect(run).not.toHaveBeenCalled();
  });

  it("lets free routes through unmetered", async () => {
    const run = vi.fn(async () => new Response("ran"));
    const response = await meterRequest(new Request("http://app/api/chats"), "chats", "req-2", run);
    expect(await response.text()).toBe("ran");
    expect(run).toHaveBeenCalledOnce();
  });
});

describe("statusClassOf", () => {
  it("maps statuses to their class", () => {
    expect([200, 204, 301, 404, 429, 503].map(statusClassOf)).toEqual(["2xx", "2xx", "3xx", "4xx", "4xx", "5xx"]);
  });
});
