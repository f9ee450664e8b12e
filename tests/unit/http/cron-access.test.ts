import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function cronAccess(secret: string) {
  vi.stubEnv("CRON_SECRET", secret);
  return import("@/lib/http/cron-access");
}

const request = (authorization?: string) => new Request("http://localhost/api/cron/alerts", { headers: authorization ? { authorization } : {} });

describe("assertCronCaller", () => {
  it("lets the scheduler's bearer secret through, and nothing else", async () => {
    const { assertCronCaller } = await cronAccess("s".repeat(32));
    expect(() => assertCronCaller(request(`Bearer ${"s".repeat(32)}`))).not.toThrow();
    // Among them a token of the secret's length in characters but not in bytes, which must not throw.
    for (const header of [undefined, `Bearer ${"s".repeat(31)}`, `Basic ${"s".repeat(32)}`, `Bearer ${"t".repeat(32)}`, `Bearer ${"é".repeat(32)}`]) {
      expect(() => assertCronCaller(request(header))).toThrow(expect.objectContaining({ code: "unauthorized" }));
    }
  });

  it("closes cron routes while CRON_SECRET is not set, even to an empty bearer", async () => {
    const { assertCronCaller } = await cronAccess("");
    expect(() => assertCronCaller(request("Bearer "))).toThrow(expect.objectContaining({ code: "unauthorized" }));
    expect(() => assertCronCaller(request())).toThrow(expect.objectContaining({ code: "unauthorized" }));
  });
});
