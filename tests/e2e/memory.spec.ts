import type { Page } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";
import type { ChatPage } from "../pages/chat-page";

const backupScript = "Here is my nightly postgres backup script using pg_dump";

/** A chat that opens with the backup script and runs on long enough to scroll; its URL. */
async function chatAboutTheBackupScript(page: Page, chatPage: ChatPage) {
  for (const text of [backupScript, "What is a good name for a grey cat?", "Explain the tides in two sentences", "Suggest a weekend hike"]) {
    await chatPage.send(text);
    await chatPage.waitForReply();
  }
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  return page.url();
}

async function startNewChat(page: Page, chatPage: ChatPage) {
  await page.getByRole("link", { name: "New chat" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(chatPage.messages()).toHaveCount(0);
}

/** The message the address points at (`?m=`) must be in view and ringed, not the end of the chat. */
async function expectLandedOnLinkedMessage(page: Page, chatPage: ChatPage, chatUrl: string, whileHighlighted?: () => Promise<void>) {
  await expect(page).toHaveURL(new RegExp(`^${chatUrl}\\?m=[0-9a-f-]{36}$`));
  const messageId = new URL(page.url()).searchParams.get("m");
  const linked = page.locator(`[data-message-id="${messageId}"]`);
  await expect(linked).toBeInViewport();
  await expect(linked).toHaveAttribute("data-highlighted", "true");
  await whileHighlighted?.();
  await expect(linked).toBeFocused();
  await expect(chatPage.lastReply()).not.toBeInViewport();
  await expect(linked).not.toHaveAttribute("data-highlighted", { timeout: 5_000 });
  await expect(linked).toBeInViewport();
}

test.describe("memory", () => {
  test("a reply that drew on another chat lists the memory, and its link lands on that message", async ({ page, chatPage, memoryPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    const backupChatUrl = await chatAboutTheBackupScript(page, chatPage);
    await memoryPage.waitUntilSearchable("postgres backup script");

    await startNewChat(page, chatPage);
    await chatPage.send("Remind me about the postgres backup script");
    const reply = chatPage.lastReply();
    const disclosure = reply.getByText(/^Used \d+ memor(y|ies)/);
    // Listed while the reply streams, from the stream's first event.
    await expect(reply).toHaveAttribute("data-status", "streaming");
    await expect(disclosure).toBeVisible();
    await chatPage.waitForReply();

    await page.reload();
    await disclosure.click();
    const memoryLinks = reply.getByRole("link");
    await expect(memoryLinks.first()).toContainText("Here is my nightly postgres backup script");
    await expect(memoryLinks.first()).toHaveAttribute("href", new RegExp(`^${new URL(backupChatUrl).pathname}\\?m=`));
    await screenshot(page, testInfo, "30-memories-used");

    await memoryLinks.first().click();
    await expectLandedOnLinkedMessage(page, chatPage, backupChatUrl, () => screenshot(page, testInfo, "35-linked-message"));
  });

  test("Ctrl/Cmd+K finds a past message from any page, and the keyboard opens it in its chat", async ({ page, chatPage, memoryPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    const backupChatUrl = await chatAboutTheBackupScript(page, chatPage);
    await startNewChat(page, chatPage);

    await memoryPage.openPalette();
    await expect(memoryPage.palette).toContainText("Search everything you have said");
    await memoryPage.searchInPalette("postgres backup");
    const options = memoryPage.paletteOptions;
    expect(await options.count()).toBeGreaterThanOrEqual(2);
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await expect(options.first().locator("mark").first()).toHaveText(/postgres|backup/i);

    await page.keyboard.press("ArrowDown");
    await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
    await expect(memoryPage.paletteInput).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
    await page.keyboard.press("ArrowUp");
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await screenshot(page, testInfo, "31-palette-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await screenshot(page, testInfo, "32-palette-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await page.keyboard.press("Escape");
    await expect(memoryPage.palette).toBeHidden();
    await expect(chatPage.composer).toBeFocused();

    await memoryPage.openPalette();
    await expect(memoryPage.paletteInput).toHaveValue("");
    await memoryPage.searchInPalette("postgres backup");
    await page.keyboard.press("Enter");
    await expect(memoryPage.palette).toBeHidden();
    await expectLandedOnLinkedMessage(page, chatPage, backupChatUrl);
  });

  test("the memory page explains itself, says when nothing matches, groups hits by chat and keeps the search in the URL", async ({ page, chatPage, memoryPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await chatPage.send(backupScript);
    await chatPage.waitForReply();
    await startNewChat(page, chatPage);
    await chatPage.send("My postgres backup runs every night at 2am");
    await chatPage.waitForReply();

    await page.getByRole("link", { name: "Memory", exact: true }).click();
    await expect(page).toHaveURL(/\/memory$/);
    await expect(memoryPage.searchBox).toBeFocused();
    await expect(page.getByRole("heading", { name: "Search everything you have talked about" })).toBeVisible();

    await memoryPage.searchBox.fill("zeppelin wobblefrump");
    await expect(memoryPage.noResults()).toHaveText("No memories match “zeppelin wobblefrump”");

    await expect(async () => {
      await memoryPage.searchBox.fill("");
      await memoryPage.searchBox.fill("postgres backup");
      await expect(memoryPage.groupHeadings()).toHaveCount(2, { timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await expect(memoryPage.resultGroup(backupScript).getByRole("link").first()).toHaveAttribute("href", /^\/chat\/[0-9a-f-]{36}$/);
    await expect(memoryPage.resultGroup("My postgres backup runs every night at 2am").locator("mark").first()).toHaveText(/postgres|backup/i);
    await expect(page).toHaveURL(/\/memory\?q=postgres%20backup$/);
    await screenshot(page, testInfo, "33-memory-results");

    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    await expect(memoryPage.searchBox).toHaveValue("postgres backup");
    await expect(memoryPage.groupHeadings()).toHaveCount(2);
    await screenshot(page, testInfo, "34-memory-results-phone");

    await memoryPage.resultGroup(backupScript).getByRole("listitem").first().getByRole("link").click();
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}\?m=[0-9a-f-]{36}$/);
  });
});
