import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { routeHandlers } from "@/lib/http/handler";
import { setRequestUserId } from "@/lib/http/request-context";
import { json } from "@/lib/http/responses";
import { logger } from "@/lib/monitoring/logger";

afterEach(() => vi.restoreAllMocks());

const noParams = { params: Promise.resolve({}) };

describe("the request log line", () => {
  it("carries the request id, the authenticated user's id, the route template, status and duration, and nothing else", async () => {
    const info = vi.spyOn(logger, "info");
    const { POST } = routeHandlers("/api/chats/[id]", {
      POST: async () => {
        setRequestUserId("11111111-2222-4333-8444-555555555555");
        return json({ ok: true });
      },
    });
    const response = await POST(
      new Request("http://localhost/api/chats/abc?q=secret-query", {
        method: "POST",
        headers: { cookie: "session=secret-cookie", authorization: "Bearer secret-token" },
        body: JSON.stringify({ message: "secret message text" }),
      }),
      noParams,
    );
    const [fields, message] = info.mock.calls.at(-1) as [Record<string, unknown>, string];
    expect(message).toBe("request");
    expect(fields).toEqual({
      requestId: response.headers.get("x-request-id"),
      userId: "11111111-2222-4333-8444-555555555555",
      method: "POST",
      route: "/api/chats/[id]",
      status: 200,
      ms: expect.any(Number),
    });
    expect(JSON.stringify(fields)).not.toMatch(/secret/);
  });

  it("has no user id when the caller never authenticated", async () => {
    const info = vi.spyOn(logger, "info");
    const { GET } = routeHandlers("/api/chats", {
      GET: async () => {
        throw new AppError("unauthorized");
      },
    });
    const response = await GET(new Request("http://localhost/api/chats"), noParams);
    expect(response.status).toBe(401);
    expect((info.mock.calls.at(-1)?.[0] as Record<string, unknown>).userId).toBeUndefined();
  });
});
