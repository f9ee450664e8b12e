import { describe, expect, it } from "vitest";
import type { Event } from "@sentry/nextjs";
import { scrubBreadcrumb, scrubEvent, scrubSpan, scrubText } from "@/lib/monitoring/sentry-scrub";

describe("the Sentry scrub", () => {
  it("cuts bound query parameters, emails, bearer tokens and JWTs out of error messages", () => {
    const message = 'Failed query: insert into messages (content) values ($1)\nparams: my secret message, bob@example.com';
    expect(scrubText(message)).toBe("Failed query: insert into messages (content) values ($1)\nparams: [redacted]");
    expect(scrubText("user alice@example.com sent Bearer abc.def and eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl")).toBe(
      "user [email] sent Bearer [redacted] and [token]",
    );
  });

  it("keeps of the request only its method and path, of the user only the id, and no frame variables or extras", () => {
    const event: Event = {
      request: { method: "POST", url: "http://app/api/chat?q=secret", cookies: { session: "s" }, headers: { authorization: "Bearer t" }, data: "body" },
      user: { id: "u1", email: "alice@example.com", ip_address: "1.2.3.4" },
      extra: { prompt: "secret" },
      exception: { values: [{ type: "Error", value: "boom for bob@example.com", stacktrace: { frames: [{ function: "f", vars: { message: "secret" } }] } }] },
    };
    const scrubbed = scrubEvent(event);
    expect(scrubbed.request).toEqual({ method: "POST", url: "http://app/api/chat" });
    expect(scrubbed.user).toEqual({ id: "u1" });
    expect(scrubbed.extra).toBeUndefined();
    expect(JSON.stringify(scrubbed)).not.toMatch(/secret|alice@|bob@|Bearer t/);
  });

  it("drops console breadcrumbs and strips payloads and query strings from the others", () => {
    expect(scrubBreadcrumb({ category: "console", message: "my secret message" })).toBeNull();
    const crumb = scrubBreadcrumb({ category: "fetch", data: { url: "/api/memory/search?q=secret", method: "POST", request_body: "secret", status_code: 500 } });
    expect(crumb?.data).toEqual({ url: "/api/memory/search", method: "POST", status_code: 500 });
  });

  it("strips query strings from the browser's navigation breadcrumbs and from any value that is a URL", () => {
    const crumb = scrubBreadcrumb({ category: "navigation", data: { from: "/chat?ref=secret", to: "/memory?q=secret#x" } });
    expect(crumb?.data).toEqual({ from: "/chat", to: "/memory" });
    const other = scrubBreadcrumb({ category: "ui.click", data: { link: "https://example.com/a?token=secret", label: "a?b" } });
    expect(other?.data).toEqual({ link: "https://example.com/a", label: "a?b" });
  });

  it("removes bodies, queries and headers from span data", () => {
    const event: Event = {
      type: "transaction",
      spans: [{ span_id: "1", trace_id: "2", start_timestamp: 0, status: "ok", data: { "http.url": "http://x/a?b=secret", "http.request.header.cookie": "c", "db.statement": "select 1", "gen_ai.prompt": "secret" } }],
    };
    expect(scrubEvent(event).spans?.[0]?.data).toEqual({ "http.url": "http://x/a", "db.statement": "select 1" });
  });
});

describe("the Sentry span scrub", () => {
  it("keeps a span's name without its query string and drops payload attributes", () => {
    const span = scrubSpan({
      trace_id: "t",
      span_id: "s",
      name: "GET /api/chats?q=secret",
      start_timestamp: 0,
      status: "ok",
      is_segment: true,
      attributes: { "url.full": "http://x/api/chats?q=secret", "http.request.header.authorization": "Bearer t", "http.response.status_code": 200 },
    });
    expect(span.name).toBe("GET /api/chats");
    expect(span.attributes).toEqual({ "url.full": "http://x/api/chats", "http.response.status_code": 200 });
  });
});
