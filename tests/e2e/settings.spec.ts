import type { Page, TestInfo } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";
import { AuthPage } from "../pages/auth-page";
import { SettingsPage } from "../pages/settings-page";

const htmlTag = (body: string) => body.match(/<html[^>]*>/)?.[0] ?? "";

/** The page scrolls inside its own container, so a tall viewport shows every section at once. */
async function screenshotWhole(page: Page, testInfo: TestInfo, name: string) {
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height: 1400 });
  await screenshot(page, testInfo, name);
  await page.setViewportSize(viewport);
}

test.describe("settings", () => {
  test("persist across a reload and follow the person to a second browser, dark from the first paint", async ({ page, browser, settingsPage, alice }, testInfo) => {
    await settingsPage.openFromMenu();
    await expect(settingsPage.theme("System")).toBeChecked();
    await expect(settingsPage.memory).toBeChecked();
    await screenshotWhole(page, testInfo, "settings-light-desktop");

    await settingsPage.chooseTheme("Dark");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await settingsPage.saveInstructions("Answer like a pirate.");
    await settingsPage.memory.uncheck();
    await settingsPage.temperature.focus();
    const savedTemperature = page.waitForResponse(
      (response) => response.request().method() === "PATCH" && response.request().postDataJSON()?.temperature === 0.7,
    );
    for (let step = 0; step < 3; step++) await page.keyboard.press("ArrowLeft");
    await expect(page.locator("output")).toHaveText("0.7");
    expect((await savedTemperature).status()).toBe(200);
    await screenshotWhole(page, testInfo, "settings-dark-desktop");

    await page.reload();
    await expect(settingsPage.instructions).toHaveValue("Answer like a pirate.");
    await expect(settingsPage.theme("Dark")).toBeChecked();
    await expect(settingsPage.memory).not.toBeChecked();
    await expect(page.locator("output")).toHaveText("0.7");

    // A second browser: nothing in its storage, yet the first HTML is already dark.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await new AuthPage(otherPage).logIn(alice.email, alice.password);
    await expect(otherPage).toHaveURL(/\/chat$/);
    const firstHtml = await otherPage.request.get("/settings");
    expect(htmlTag(await firstHtml.text())).toMatch(/class="[^"]*\bdark\b[^"]*"/);
    await otherPage.goto("/settings", { waitUntil: "domcontentloaded" });
    await expect(otherPage.locator("html")).toHaveClass(/\bdark\b/);
    const otherSettings = new SettingsPage(otherPage);
    await expect(otherSettings.instructions).toHaveValue("Answer like a pirate.");
    await expect(otherSettings.memory).not.toBeChecked();

    // A change there reaches the first browser on its next page load, again without a flash.
    await otherSettings.chooseTheme("Light");
    await otherSettings.waitForSaved();
    await other.close();
    const reloaded = await page.request.get("/settings");
    expect(htmlTag(await reloaded.text())).toMatch(/data-theme="light"/);
    expect(htmlTag(await reloaded.text())).not.toMatch(/\bdark\b/);
    await page.goto("/settings", { waitUntil: "domcontentloaded" });
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  });

  test("the system theme follows the device from the first paint", async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto("/login", { waitUntil: "domcontentloaded" });
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await context.close();
  });

  test("a save the server refuses is rolled back with a message", async ({ page, settingsPage, alice }) => {
    expect(alice.email).toBeTruthy();
    await settingsPage.open();
    await page.route("**/api/settings", (route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The database is down.", requestId: "e2e-request" } }) })
        : route.fallback(),
    );
    await settingsPage.chooseTheme("Dark");
    await expect(settingsPage.saveError()).toContainText("The database is down.");
    await expect(settingsPage.theme("System")).toBeChecked();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
    await page.unroute("**/api/settings");
    await page.reload();
    await expect(settingsPage.theme("System")).toBeChecked();
  });

  test("looks right on a phone, light and dark", async ({ page, settingsPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await page.setViewportSize({ width: 375, height: 812 });
    await settingsPage.open();
    await screenshotWhole(page, testInfo, "settings-light-375");
    await settingsPage.chooseTheme("Dark");
    await settingsPage.waitForSaved();
    await screenshotWhole(page, testInfo, "settings-dark-375");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});
