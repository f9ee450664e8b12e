import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import type { AdminOverview } from "@/lib/admin/types";
import { expect, screenshot, test } from "../fixtures";
import { e2eAdmin as admin } from "../support/e2e-accounts";

// The account is made an admin before the server starts (playwright.config.ts): an address is not
// an admin credential (API.md), so signing up with it grants nothing.
test.beforeAll(async ({ request }) => {
  const response = await request.post("/api/auth/signup", { data: admin });
  expect(response.status()).toBe(409);
});

/** The page scrolls inside its own container, so a tall viewport shows every section at once. */
async function screenshotWhole(page: Page, testInfo: TestInfo, name: string, height = 1500) {
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height });
  await screenshot(page, testInfo, name);
  await page.setViewportSize(viewport);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A busy month, for what the page looks like with every list full (the route tests prove the figures). */
const busyOverview: AdminOverview = {
  window: { minutes: 60, from: minutesAgo(59), to: new Date().toISOString() },
  requests: { total: 18_432, perMinute: 307.2, errorRate: 0.0213, serverErrors: 393, latencyMs: { p50: 42.5, p95: 812, p99: 2380 } },
  topUsers: Array.from({ length: 10 }, (_, index) => ({
    userId: `00000000-0000-4000-8000-00000000000${index}`,
    email: `${["dana", "lee", "sam", "ari", "kim", "jo", "max", "pat", "robin", "alex"][index]}.longsurname@example-company.com`,
    requests: 4_000 - index * 350,
    costUsd: 12.5 - index,
  })),
  costByModel: [
    { model: "gpt-5.1", requests: 1_204, inputTokens: 3_402_113, outputTokens: 981_220, costUsd: 41.2337 },
    { model: "gpt-5.1-mini", requests: 5_870, inputTokens: 9_144_002, outputTokens: 2_004_871, costUsd: 6.0412 },
    { model: "offline", requests: 88, inputTokens: 12_030, outputTokens: 40_211, costUsd: 0 },
  ],
  webVitals: [
    { name: "LCP", p75: 2140, count: 1_208 },
    { name: "INP", p75: 340, count: 911 },
    { name: "CLS", p75: 0.31, count: 1_190 },
    { name: "FCP", p75: 1210, count: 1_208 },
    { name: "TTFB", p75: null, count: 0 },
  ],
  recentAlerts: [
    { id: "a1", rule: "error_rate", severity: "critical", summary: "Error rate 2.1 % over 5 min (threshold 2 %)", firedAt: minutesAgo(3), delivery: "sent", acknowledgedAt: null, clearedAt: null },
    { id: "a2", rule: "latency_p95", severity: "warning", summary: "p95 latency 812 ms over 5 min (threshold 800 ms)", firedAt: minutesAgo(48), delivery: "failed", acknowledgedAt: minutesAgo(40), clearedAt: null },
    { id: "a3", rule: "budget_80", severity: "info", summary: "dana.longsurname@example-company.com used 80 % of the monthly budget", firedAt: minutesAgo(300), delivery: "skipped", acknowledgedAt: null, clearedAt: null },
  ],
  recentFeedback: [
    { id: "f1", kind: "vote", vote: "down", comment: "It forgot what I said two messages earlier.", createdAt: minutesAgo(5), userId: "u1", email: "lee.longsurname@example-company.com" },
    { id: "f2", kind: "rating", rating: 5, comment: null, page: "/memory", createdAt: minutesAgo(20), userId: "u2", email: "sam@example.com" },
    { id: "f3", kind: "vote", vote: "up", comment: null, createdAt: minutesAgo(90), userId: "u3", email: "ari@example.com" },
  ],
};

test.describe("admin", () => {
  test("an admin opens the overview from the sidebar: figures, window, top users, cost, feedback, empty alerts, the CSV link", async ({ page, authPage, chatPage, adminPage }, testInfo) => {
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await chatPage.send("What makes a good dashboard?");
    await chatPage.waitForReply();
    const feedback = await page.request.post("/api/feedback", { data: { rating: 5, comment: "Clear and quick", page: "/chat" } });
    expect(feedback.status()).toBe(201);

    await adminPage.openFromSidebar();
    await expect(adminPage.sidebarLink).toHaveAttribute("aria-current", "page");
    for (const term of ["Requests / min", "Error rate", "p50 latency", "p95 latency", "p99 latency"]) {
      await expect(adminPage.card(term)).toBeVisible();
    }
    await expect(adminPage.section("Top users").getByRole("row").filter({ hasText: admin.email })).toBeVisible();
    await expect(adminPage.section("Cost by model").getByRole("cell", { name: "offline", exact: true })).toBeVisible();
    await expect(adminPage.section("Recent feedback")).toContainText("Clear and quick");
    await expect(adminPage.section("Recent alerts")).toContainText("No alerts yet.");
    await expect(adminPage.csvLink).toHaveAttribute("href", "/api/admin/usage.csv");

    await expect(adminPage.window("1 h")).toHaveAttribute("aria-pressed", "true");
    const answer = page.waitForResponse((response) => response.url().includes("/api/admin/overview?minutes=1440"));
    await adminPage.window("24 h").click();
    expect((await answer).status()).toBe(200);
    await expect(adminPage.window("24 h")).toHaveAttribute("aria-pressed", "true");
    await expect(adminPage.section("Requests")).toContainText("in the last 24 h");

    const download = page.waitForEvent("download");
    await adminPage.csvLink.click();
    expect((await download).suggestedFilename()).toBe("usage.csv");

    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWhole(page, testInfo, "admin-light");
  });

  test("a busy month in light, dark and at phone width: tables scroll sideways, the page does not", async ({ page, authPage, adminPage }, testInfo) => {
    await page.route("**/api/admin/overview?*", (route) => route.fulfill({ json: busyOverview }));
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await adminPage.open();
    await expect(adminPage.section("Recent alerts").getByRole("listitem")).toHaveCount(3);
    await expect(adminPage.section("Web vitals")).toContainText("Needs improvement");
    await expect(adminPage.section("Web vitals")).toContainText("Poor");
    await screenshotWhole(page, testInfo, "admin-busy-light");

    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWhole(page, testInfo, "admin-busy-dark");

    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.getByRole("complementary", { name: "Chat history" })).toBeHidden();
    const table = adminPage.section("Cost by model").getByRole("region", { name: "Cost by model" });
    const overflow = await table.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeGreaterThan(0);
    const pageOverflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      y: document.documentElement.scrollHeight - document.documentElement.clientHeight,
    }));
    expect(pageOverflow).toEqual({ x: 0, y: 0 });
    await screenshot(page, testInfo, "admin-busy-phone-dark");
    await screenshotWhole(page, testInfo, "admin-busy-phone-dark-whole", 2500);
    await page.emulateMedia({ colorScheme: "light" });
    await screenshotWhole(page, testInfo, "admin-busy-phone-light", 2500);
  });

  test("a failed load says so and Try again loads the overview", async ({ page, authPage, adminPage }, testInfo) => {
    let isFailing = true;
    await page.route("**/api/admin/overview?*", (route) =>
      isFailing
        ? route.fulfill({ status: 503, json: { error: { code: "unavailable", message: "A service we depend on is unavailable. Try again shortly.", requestId: "e2e" } } })
        : route.continue(),
    );
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await page.goto("/admin");
    await expect(page.getByLabel("Loading the overview")).toBeVisible();
    const alert = page.getByRole("alert").filter({ hasText: "The overview could not be loaded." });
    await expect(alert).toBeVisible();
    await screenshot(page, testInfo, "admin-error");
    isFailing = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await adminPage.waitForOverview();
    await expect(alert).toBeHidden();
  });

  test("a normal user sees no Admin link, and /admin is a 404 for them", async ({ page, alice, adminPage }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await expect(page.getByRole("link", { name: "Memory", exact: true })).toBeVisible();
    await expect(adminPage.sidebarLink).toHaveCount(0);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    await expect(page.getByText("Download usage CSV")).toHaveCount(0);
    // The same page as an address that never existed: nothing around it says /admin is special.
    await expect(page.getByRole("complementary", { name: "Chat history" })).toHaveCount(0);
    const unknown = await page.request.get("/admin-nothing-here");
    expect(unknown.status()).toBe(404);
    await screenshot(page, testInfo, "admin-404-normal-user");
  });
});
