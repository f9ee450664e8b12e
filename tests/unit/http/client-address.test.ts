import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function addressOf(forwardedFor: string | null, variables: Record<string, string> = {}) {
  vi.stubEnv("TRUSTED_PROXY_HOPS", "");
  vi.stubEnv("VERCEL", "");
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  const { clientAddressOf } = await import("@/lib/http/client-address");
  const headers = new Headers(forwardedFor === null ? {} : { "x-forwarded-for": forwardedFor });
  return clientAddressOf(new Request("http://localhost/api/auth/login", { method: "POST", headers }));
}

describe("clientAddressOf", () => {
  it("trusts no X-Forwarded-For by default: every caller shares one untrusted address, whatever they send", async () => {
    expect(await addressOf("203.0.113.7")).toBe("untrusted");
    vi.resetModules();
    expect(await addressOf("198.51.100.1, 203.0.113.7")).toBe("untrusted");
    vi.resetModules();
    expect(await addressOf(null)).toBe("untrusted");
  });

  it("on Vercel, which overwrites the header, takes the address Vercel appended", async () => {
    expect(await addressOf("198.51.100.1, 203.0.113.7", { VERCEL: "1" })).toBe("203.0.113.7");
  });

  it("with N trusted hops takes the Nth address from the right, never one the client wrote before them", async () => {
    expect(await addressOf("192.0.2.66, 203.0.113.7, 10.0.0.2", { TRUSTED_PROXY_HOPS: "2" })).toBe("203.0.113.7");
    vi.resetModules();
    expect(await addressOf("192.0.2.66,203.0.113.7", { TRUSTED_PROXY_HOPS: "1" })).toBe("203.0.113.7");
    vi.resetModules();
    // Fewer entries than hops: the farthest one a trusted proxy recorded.
    expect(await addressOf("203.0.113.7", { TRUSTED_PROXY_HOPS: "2" })).toBe("203.0.113.7");
    vi.resetModules();
    // VERCEL set, but the operator says otherwise: the setting wins.
    expect(await addressOf("203.0.113.7", { VERCEL: "1", TRUSTED_PROXY_HOPS: "0" })).toBe("untrusted");
  });

  it("counts an IPv6 client by its /64 (one subscriber's prefix), and an IPv4-mapped address as IPv4", async () => {
    const first = await addressOf("2001:db8:1234:5678:aaaa::1", { TRUSTED_PROXY_HOPS: "1" });
    vi.resetModules();
    const second = await addressOf("2001:DB8:1234:5678:bbbb:cccc:dddd:2", { TRUSTED_PROXY_HOPS: "1" });
    vi.resetModules();
    const elsewhere = await addressOf("2001:db8:1234:5679::1", { TRUSTED_PROXY_HOPS: "1" });
    vi.resetModules();
    expect(first).toBe("2001:db8:1234:5678::/64");
    expect(second).toBe(first);
    expect(elsewhere).toBe("2001:db8:1234:5679::/64");
    expect(await addressOf("::ffff:203.0.113.7", { TRUSTED_PROXY_HOPS: "1" })).toBe("203.0.113.7");
    vi.resetModules();
    expect(await addressOf("[2001:db8::1]:443", { TRUSTED_PROXY_HOPS: "1" })).toBe("2001:db8::/64");
  });

  it("does not make a key of what is not an address", async () => {
    expect(await addressOf("x".repeat(500), { TRUSTED_PROXY_HOPS: "1" })).toBe("untrusted");
    vi.resetModules();
    expect(await addressOf("", { TRUSTED_PROXY_HOPS: "1" })).toBe("untrusted");
  });
});
