import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function scrapeAs(env: Record<string, string>, authorization?: string) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { assertCanScrape } = await import("@/lib/monitoring/scrape-access");
  const request = new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} });
  try {
    assertCanScrape(request);
    return "open";
  } catch (error) {
    return `${(error as { status: number }).status} ${(error as { code: string }).code}`;
  }
}

describe("who may scrape /api/metrics", () => {
  it("in production without METRICS_TOKEN: nobody (401) until a token is configured", async () => {
    expect(await scrapeAs({ NODE_ENV: "production", METRICS_TOKEN: "" })).toBe("401 unauthorized");
    vi.resetModules();
    expect(await scrapeAs({ NODE_ENV: "production", METRICS_TOKEN: "" }, "Bearer anything")).toBe("401 unauthorized");
  });

  it("with METRICS_TOKEN: only its bearer, in every mode", async () => {
    expect(await scrapeAs({ NODE_ENV: "production", METRICS_TOKEN: "scrape-token-0123456789" }, "Bearer scrape-token-0123456789")).toBe("open");
    vi.resetModules();
    expect(await scrapeAs({ NODE_ENV: "production", METRICS_TOKEN: "scrape-token-0123456789" }, "Bearer wrong")).toBe("401 unauthorized");
    vi.resetModules();
    expect(await scrapeAs({ NODE_ENV: "development", METRICS_TOKEN: "scrape-token-0123456789" })).toBe("401 unauthorized");
  });

  it("under next dev without a token: open", async () => {
    expect(await scrapeAs({ NODE_ENV: "development", METRICS_TOKEN: "" })).toBe("open");
  });
});
