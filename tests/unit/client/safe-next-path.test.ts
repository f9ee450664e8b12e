import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/client/safe-next-path";

describe("safeNextPath", () => {
  it.each([
    ["/chat/123", "/chat/123"],
    ["/memory?q=lisbon#top", "/memory?q=lisbon#top"],
    ["/settings/../chat", "/chat"],
  ])("keeps the same-origin path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ["a tab between the slashes", "/\t/evil.example"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a protocol-relative URL", "//evil.example/chat"],
    ["a backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["the encoded form %2F%09%2F", decodeURIComponent("%2F%09%2Fevil.example")],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "chat"],
    ["nothing", ""],
  ])("sends %s to /chat", (_, next) => {
    expect(safeNextPath(next)).toBe("/chat");
  });

  it("takes only one value", () => {
    expect(safeNextPath(["/chat/1", "//evil.example"])).toBe("/chat");
    expect(safeNextPath(undefined)).toBe("/chat");
  });
});
