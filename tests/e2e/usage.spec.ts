import { expect, screenshot, test } from "../fixtures";

test.describe("usage", () => {
  test("the Usage section of settings shows this month's requests, chart, limits and plan after a chat", async ({ page, alice, chatPage }, testInfo) => {
    void alice;
    await chatPage.send("How are tides made?");
    await chatPage.waitForReply();
    await page.goto("/settings");
    const section = page.getByTestId("usage-section");
    await expect(section).toBeVisible();
    await expect(section.getByText("Free", { exact: true })).toBeVisible();
    await expect(page.getByRole("progressbar", { name: "Chat requests this month" })).toBeVisible();
    await expect(page.getByRole("progressbar", { name: "Budget this month" })).toBeVisible();
    await expect(page.getByTestId("usage-chart")).toBeVisible();
    await expect(section.getByRole("cell", { name: "offline", exact: true })).toBeVisible();
    await expect(section.getByText(/of 500$/)).toBeVisible();
    await page.getByRole("region", { name: "Usage" }).scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, "settings-usage");
  });

  test("at 90 % of the month's allowance the chat page shows a banner that links to usage", async ({ page, alice }, testInfo) => {
    void alice;
    // The limits themselves are proven by the route tests; here only the banner's rendering.
    await page.route("**/api/usage", async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, usedFraction: 0.92, month: { chatRequests: 460, spendUsd: 0.1 } } });
    });
    await page.goto("/chat");
    const banner = page.getByTestId("usage-banner");
    await expect(banner).toContainText("90 %");
    await screenshot(page, testInfo, "chat-usage-banner-90");
    await banner.getByRole("link", { name: "See usage" }).click();
    await expect(page).toHaveURL(/\/settings#usage$/);
  });
});
