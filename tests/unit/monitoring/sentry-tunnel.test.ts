import { afterEach, describe, expect, it, vi } from "vitest";

const dsn = "https://publickey@sentry.example.org/prefix/42";
vi.mock("@/lib/env", () => ({ env: () => ({ SENTRY_DSN: dsn, LOG_LEVEL: "silent", NODE_ENV: "test" }) }));
vi.mock("@/lib/usage/rate-limit", () => ({ hitRateLimits: async () => [], throwIfLimited: () => {} }));

const { forwardSentryEnvelope } = await import("@/lib/monitoring/sentry-tunnel");

const envelope = Buffer.from(`${JSON.stringify({ dsn })}\n{"type":"event"}\n{"message":"boom"}`);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the Sentry tunnel", () => {
  it("posts the envelope unchanged to the DSN's envelope endpoint (self-hosted path prefix kept) and passes on rate limits", async () => {
    const fetch = vi.fn<(url: URL, init: RequestInit) => Promise<Response>>(async () => new Response("{}", { status: 200, headers: { "x-sentry-rate-limits": "60:error" } }));
    vi.stubGlobal("fetch", fetch);
    const forwarded = await forwardSentryEnvelope(envelope, { clientAddress: "203.0.113.9" });
    expect(forwarded.status).toBe(200);
    expect(forwarded.headers.get("x-sentry-rate-limits")).toBe("60:error");
    const [url, init] = fetch.mock.calls[0]!;
    expect(url.href).toBe("https://sentry.example.org/prefix/api/42/envelope/?sentry_key=publickey&sentry_version=7");
    expect(Buffer.from(init.body as Uint8Array).equals(envelope)).toBe(true);
  });

  it("answers 503 with Retry-After when the ingest cannot be reached, without throwing (nothing to report it to)", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const forwarded = await forwardSentryEnvelope(envelope, { clientAddress: "203.0.113.9" });
    expect(forwarded.status).toBe(503);
    expect(forwarded.headers.get("retry-after")).toBe("60");
  });
});
