import { describe, expect, it } from "vitest";
import { siteOriginOf } from "@/lib/http/site-origin";

const requestWith = (headers: Record<string, string>, url = "http://localhost:3000/api/shares") => new Request(url, { headers });

describe("siteOriginOf", () => {
  it("is the host the client asked for, not the listener Next names in request.url", () => {
    expect(siteOriginOf(requestWith({ host: "127.0.0.1:4100" }))).toBe("http://127.0.0.1:4100");
  });

  it("follows the proxy's forwarded host and protocol", () => {
    expect(siteOriginOf(requestWith({ host: "internal:3000", "x-forwarded-host": "mneme.example", "x-forwarded-proto": "https" }))).toBe("https://mneme.example");
  });

  it.each(["evil.example/path", "a b", "user@evil.example", "", "evil.example?x=1"])("a Host header that is no host (%j) falls back to request.url", (host) => {
    expect(siteOriginOf(requestWith({ host }))).toBe("http://localhost:3000");
  });
});
