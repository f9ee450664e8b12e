import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";
import { isoWeekOf, lastFullWeek } from "@/lib/admin/iso-week";
import { FeedbackInboxPage } from "../pages/feedback-inbox-page";
import { e2eAdmin as admin } from "../support/e2e-accounts";

// Words only this run's feedback carries, so feedback other specs sent does not get in the way.
const run = `run${Date.now().toString(36)}`;

async function signUp(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post("/api/auth/signup", { data: { email: `${name}-${run}@example.com`, password: `${name}-password-123` } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function send(request: APIRequestContext, token: string, path: string, data: Record<string, unknown>) {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}

test.beforeAll(async ({ request }) => {
  const dana = await signUp(request, "dana");
  const lee = await signUp(request, "lee");
  const reply = await send(request, dana, "/api/chat", { message: `Remember that my locker code is 9931 (${run})` });
  const meta = /event: meta\ndata: (.*)\n/.exec(await reply.text());
  const { assistantMessageId } = JSON.parse(meta![1]!) as { assistantMessageId: string };
  await send(request, dana, "/api/feedback", { messageId: assistantMessageId, vote: "down", comment: `It repeated my question back ${run}` });
  await send(request, dana, "/api/feedback", { rating: 5, page: "/memory", comment: `Memory search found the old recipe ${run}` });
  await send(request, lee, "/api/feedback", { rating: 2, page: "/chat", comment: `=SUM(1+1) slow replies at night ${run}` });
  await send(request, lee, "/api/feedback", { rating: 4, page: "/settings", comment: `Dark mode looks great ${run}` });
});

test.describe("the feedback inbox", () => {
  test("an admin filters, searches, marks reviewed and exports the feedback", async ({ page, authPage }, testInfo) => {
    const inbox = new FeedbackInboxPage(page);
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin pages" }).getByRole("link", { name: "Feedback inbox" }).click();
    await expect(page).toHaveURL(/\/admin\/feedback$/);
    await expect(page.getByRole("heading", { name: "Feedback inbox", level: 1 })).toBeVisible();

    await inbox.search.fill(run);
    await expect(inbox.items()).toHaveCount(4);
    // The list of the search before stays, dimmed and busy, from the first keystroke until this one's answer replaces it.
    await expect(page.getByTestId("feedback-inbox")).toHaveAttribute("aria-busy", "false");
    await screenshot(page, testInfo, "admin-feedback-desktop-light");
    expect(await seriousViolations(page)).toEqual([]);

    // Votes show the model and when, never the conversation.
    await inbox.select("Kind").selectOption("vote");
    await expect(inbox.items()).toHaveCount(1);
    await expect(inbox.items().first()).toContainText("Bad reply");
    await expect(inbox.items().first()).toContainText("offline");
    await expect(inbox.list).not.toContainText("9931");
    await expect(inbox.select("Rating")).toBeDisabled();

    await inbox.select("Kind").selectOption("rating");
    await inbox.select("Rating").selectOption("2");
    await expect(inbox.items()).toHaveCount(1);
    await expect(inbox.items().first()).toContainText("slow replies at night");
    await inbox.select("Rating").selectOption("");
    await inbox.field("Page").fill("/settings");
    await expect(inbox.items()).toHaveCount(1);
    await expect(inbox.items().first()).toContainText("Dark mode looks great");
    await inbox.field("Page").fill("");

    await inbox.search.fill(`old recipe ${run}`);
    await expect(inbox.items()).toHaveCount(1);
    await inbox.search.fill(run);
    await expect(inbox.items()).toHaveCount(3);

    // Reviewed feedback leaves the default list (not reviewed) and is found under Reviewed.
    await inbox.item("Dark mode looks great").getByRole("button", { name: "Mark reviewed" }).click();
    await expect(inbox.items()).toHaveCount(2);
    await inbox.select("Status").selectOption("true");
    await expect(inbox.items()).toHaveCount(1);
    await expect(inbox.item("Dark mode looks great").getByRole("button", { name: "Reviewed" })).toHaveAttribute("aria-pressed", "true");

    // The export takes the filters on screen: all of this run's ratings, reviewed or not.
    await inbox.select("Status").selectOption("");
    await expect(inbox.items()).toHaveCount(3);
    const [download] = await Promise.all([page.waitForEvent("download"), inbox.csvLink.click()]);
    expect(download.suggestedFilename()).toBe("feedback.csv");
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("id,created_at,kind,rating,vote,model,page,comment,user_id,email,reviewed_at");
    expect(lines).toHaveLength(4);
    expect(csv).toContain(`'=SUM(1+1) slow replies at night ${run}`);
    expect(csv).not.toContain("repeated my question");
    expect(csv).not.toContain("9931");
  });

  test("empty, error, phone and dark: the inbox says what is going on", async ({ page, authPage }, testInfo) => {
    const inbox = new FeedbackInboxPage(page);
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await inbox.open();
    await inbox.search.fill(`nothing-matches-${run}`);
    await expect(page.getByText("No feedback matches these filters.")).toBeVisible();

    await inbox.field("From (UTC)").fill("2026-12-31");
    await inbox.field("To (UTC)").fill("2026-01-01");
    await expect(page.getByRole("alert").filter({ hasText: "The first day is after the last day." })).toBeVisible();
    await inbox.field("From (UTC)").fill("");
    await inbox.field("To (UTC)").fill("");

    await inbox.search.fill(run);
    await inbox.select("Status").selectOption("");
    await expect(inbox.items()).toHaveCount(4);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await screenshot(page, testInfo, "admin-feedback-desktop-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(page, testInfo, "admin-feedback-phone-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await screenshot(page, testInfo, "admin-feedback-phone-light");

    // The server failing: the inbox says so, and Try again loads it.
    await page.setViewportSize({ width: 1280, height: 800 });
    let fail = true;
    await page.route("**/api/admin/feedback?*", (route) =>
      fail ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The database is not answering.", requestId: "r" } }) }) : route.continue(),
    );
    await inbox.open();
    await expect(page.getByRole("alert").filter({ hasText: "The database is not answering." })).toBeVisible();
    fail = false;
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(inbox.list).toBeVisible();
  });

  test("the weekly report and the alert thresholds, light and dark", async ({ page, authPage }, testInfo) => {
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await page.goto("/admin/reports");
    await expect(page.getByRole("heading", { name: "Weekly report", level: 1 })).toBeVisible();
    // The last full week by default; this week (with this run's feedback and replies) is the next.
    await expect(page.getByText(new RegExp(`^${lastFullWeek(new Date()).id}: `))).toBeVisible();
    await expect(page.getByRole("button", { name: "Next week" })).toBeEnabled();
    await page.getByRole("button", { name: "Next week" }).click();
    await expect(page.getByText(new RegExp(`^${isoWeekOf(new Date()).id}: `))).toBeVisible();
    await expect(page.getByRole("button", { name: "Next week" })).toBeDisabled();
    await expect(page.getByTestId("report-figures")).toContainText(/Average rating \([1-9]\d* ratings\)/);
    await expect(page.getByRole("table").first().getByRole("cell", { name: "offline", exact: true })).toBeVisible();
    await screenshot(page, testInfo, "admin-report-desktop-light");
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, testInfo, "admin-report-phone-dark");
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto("/admin");
    const form = page.getByRole("form", { name: "Alert thresholds" });
    await form.getByLabel("p95 latency (5 minutes) (ms)").fill("1500");
    await form.getByRole("button", { name: "Save thresholds" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved. The next evaluation uses them.");
    await expect(form.getByText(/^Set .*default 1000/)).toBeVisible();
    await form.getByRole("button", { name: "Reset to defaults" }).click();
    await expect(form.getByLabel("p95 latency (5 minutes) (ms)")).toHaveValue("1000");
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, "admin-thresholds-desktop-light");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
