import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

const sentry = vi.hoisted(() => {
  const tags: Record<string, string>[] = [];
  return {
    tags,
    captureException: vi.fn<(error: unknown) => string>(() => "event-id"),
    withScope: vi.fn((callback: (scope: { setTags: (t: Record<string, string>) => void; setUser: () => void }) => string) =>
      callback({ setTags: (t) => void tags.push(t), setUser: () => {} }),
    ),
  };
});
vi.mock("@sentry/nextjs", () => ({ captureException: sentry.captureException, withScope: sentry.withScope }));

const verifySessionToken = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/jwt", () => ({ verifySessionToken }));

const { proxy } = await import("@/proxy");

const request = (path: string, headers: Record<string, string> = {}) =>
  new NextRequest(new URL(path, "http://mneme.test"), { headers: { cookie: "mneme-session=some.session.token", ...headers } });

beforeEach(() => {
  sentry.captureException.mockClear();
  sentry.tags.length = 0;
  verifySessionToken.mockReset();
});

describe("the proxy", () => {
  it("sends visitors whose session does not verify to /login, and back afterwards", async () => {
    verifySessionToken.mockResolvedValue(null);
    const response = await proxy(request("/chat/abc?x=1"));
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location")!).pathname).toBe("/login");
    expect(new URL(response.headers.get("location")!).searchParams.get("next")).toBe("/chat/abc?x=1");
    expect(sentry.captureException).not.toHaveBeenCalled();
  });

  it("reports a failing session check once, tagged, and lets the request on to the page's own check", async () => {
    const failure = new Error("key store unavailable");
    verifySessionToken.mockRejectedValue(failure);
    const response = await proxy(request("/chat", { "x-request-id": "req-proxy-0001" }));

    expect(sentry.captureException).toHaveBeenCalledTimes(1);
    expect(sentry.captureException).toHaveBeenCalledWith(failure);
    expect(sentry.tags).toEqual([{ route: "proxy", code: "internal", request_id: "req-proxy-0001" }]);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("x-request-id")).toBe("req-proxy-0001");
  });
});
