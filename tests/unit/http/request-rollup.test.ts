import { describe, expect, it, vi } from "vitest";

const added = vi.hoisted(() => [] as { route: string; status: number }[]);
vi.mock("@/lib/monitoring/request-stats", () => ({
  addRequestStat: (stat: { route: string; status: number }) => added.push({ route: stat.route, status: stat.status }),
}));

const { routeHandlers } = await import("@/lib/http/handler");

const noParams = { params: Promise.resolve({}) };

describe("the request rollup behind the overview and the alerts", () => {
  it("counts API requests, not the Sentry tunnel's answers (its 5xx are Sentry's ingest being away)", async () => {
    const api = routeHandlers("/api/chats", { GET: async () => new Response(null, { status: 503 }) });
    const tunnel = routeHandlers("/monitoring", { POST: async () => new Response(null, { status: 502 }) });
    await api.GET(new Request("http://localhost/api/chats"), noParams);
    await tunnel.POST(new Request("http://localhost/monitoring", { method: "POST", body: "envelope" }), noParams);
    expect(added).toEqual([{ route: "/api/chats", status: 503 }]);
  });
});
