import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { DocumentsPage } from "../pages/documents-page";

/** Serious and critical violations only, named with the elements they concern. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}

for (const theme of ["light", "dark"] as const) {
  test.describe(`accessibility in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test("/login has no serious or critical violation", async ({ page }) => {
      await page.goto("/login");
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("/chat, with a conversation, has no serious or critical violation", async ({ page, chatPage, alice }) => {
      expect(alice.email).toBeTruthy();
      await chatPage.send("Check my accessibility");
      await chatPage.waitForReply();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("/memory, with results and with the palette open, has no serious or critical violation", async ({ page, chatPage, memoryPage, alice }) => {
      expect(alice.email).toBeTruthy();
      await chatPage.send("Check my accessibility");
      await chatPage.waitForReply();
      await memoryPage.waitUntilSearchable("accessibility");
      await memoryPage.goto("accessibility");
      await expect(memoryPage.groupHeadings()).toHaveCount(1);
      expect(await seriousViolations(page)).toEqual([]);
      await memoryPage.openPalette();
      await memoryPage.searchInPalette("accessibility");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the Documents view and a document's reader, at a passage, have no serious or critical violation", async ({ page, alice }) => {
      expect(alice.email).toBeTruthy();
      const documents = new DocumentsPage(page);
      await documents.goto();
      await documents.upload({ name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\n\nCheck my accessibility, passage by passage.") });
      await documents.waitUntilReady("notes.md");
      expect(await seriousViolations(page)).toEqual([]);
      await documents.item("notes.md").getByRole("link", { name: "notes.md", exact: true }).click();
      await expect(page.getByRole("heading", { name: "notes.md" })).toBeVisible();
      await page.goto(`${page.url()}?passage=0`);
      await expect(page.locator('[aria-current="location"]')).toContainText("passage by passage");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("/settings has no serious or critical violation", async ({ page, settingsPage, alice }) => {
      expect(alice.email).toBeTruthy();
      await settingsPage.open();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Send feedback" }).click();
      await expect(page.getByRole("dialog", { name: "Send feedback" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
