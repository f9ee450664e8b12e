import type { Page, Response } from "@playwright/test";
import { expect, newAccount, test } from "../fixtures";

/** The page's own policy: a fresh nonce for its scripts, nothing inline without it. */
function expectNoncePolicy(response: Response | null) {
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(policy).not.toContain("'unsafe-inline' 'strict-dynamic'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response?.headers()["x-frame-options"]).toBe("DENY");
}

/** Reloads the current page, so the document's own response (not a client navigation) is checked. */
async function reloadAndCheck(page: Page) {
  expectNoncePolicy(await page.reload());
}

test.describe("Content Security Policy", () => {
  test("the main pages run, stream and hydrate under the policy without a single violation", async ({ page, authPage, chatPage, settingsPage, memoryPage, cspViolations }) => {
    const bob = newAccount("bob");
    expectNoncePolicy(await page.goto("/login"));
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

    await authPage.signUp(bob.email, bob.password);
    await expect(page).toHaveURL(/\/chat$/);
    await reloadAndCheck(page);
    // The inline theme script ran (it carries the nonce): the root always has a resolved theme.
    await expect(page.locator("html")).toHaveAttribute("data-theme", /^(light|dark|system)$/);

    await chatPage.send("Which port does postgres listen on?");
    await expect(chatPage.lastReply()).toHaveAttribute("data-status", "streaming");
    await chatPage.waitForReply("complete");
    await reloadAndCheck(page);
    await expect(chatPage.lastReply()).toHaveAttribute("data-status", "complete");

    await settingsPage.open();
    await reloadAndCheck(page);
    await settingsPage.chooseTheme("Dark");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);

    await memoryPage.goto("postgres port");
    await reloadAndCheck(page);
    // The palette's shortcut works once the page has hydrated (its code loaded under 'strict-dynamic').
    await expect(async () => {
      await page.keyboard.press("Escape");
      await memoryPage.openPalette();
    }).toPass({ timeout: 15_000 });

    expectNoncePolicy(await page.goto("/no-such-page"));
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();

    expect(cspViolations).toEqual([]);
  });

  test("what the policy forbids is refused, and the recorder sees it", async ({ page, authPage, cspViolations }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await page.evaluate(() => {
      const image = new Image();
      image.src = "https://tracker.example/pixel.png";
      document.body.append(image);
    });
    // Both channels report it: the page's violation event and Chromium's console message.
    await expect
      .poll(() => [...cspViolations].sort())
      .toEqual([
        expect.stringMatching(/^console: Loading the image 'https:\/\/tracker\.example\/pixel\.png' violates .*img-src/),
        "img-src blocked https://tracker.example/pixel.png on " + page.url(),
      ]);
    // The sign-in form still works: the refusal touched only what was injected.
    cspViolations.length = 0;
    const carol = newAccount("carol");
    await authPage.signUp(carol.email, carol.password);
    await expect(page).toHaveURL(/\/chat$/);
  });
});
