import type { Locator, Page } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";
import type { ChatPage } from "../pages/chat-page";

// Chats as trees: an edited message and a regenerated reply are versions side by side, switched
// with ‹ n / m ›, and the chat remembers which one is current.

/** The wrapper of a sent message: its bubble and, below it, its actions. */
const sentMessage = (page: Page, text: string) => page.locator("div.group").filter({ has: page.getByTestId("message").filter({ hasText: text }) });
const versionOf = (scope: Locator) => scope.getByTestId("version");

/** Until the reply shown is the stored one, which offers its actions (the composer is free again). */
async function waitForStoredReply(chatPage: ChatPage) {
  await chatPage.waitForReply();
  await expect(chatPage.lastReply().getByRole("button", { name: "Regenerate reply" })).toBeVisible();
}

async function twoTurns(chatPage: ChatPage) {
  await chatPage.send("Plan a weekend in Lisbon");
  await waitForStoredReply(chatPage);
  await chatPage.send("What about Porto?");
  await expect(chatPage.messages()).toHaveCount(4);
  await waitForStoredReply(chatPage);
}

test.describe("editing and switching branches", () => {
  test("edits a sent message in place, answers it on a new branch, and switches back and forth", async ({ page, chatPage, alice }, testInfo) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await twoTurns(chatPage);

    // Escape cancels an edit and leaves the message as it was.
    const porto = sentMessage(page, "What about Porto?");
    await porto.hover();
    await porto.getByRole("button", { name: "Edit message" }).click();
    const editor = page.getByRole("textbox", { name: "Edit your message" });
    await expect(editor).toBeFocused();
    await expect(editor).toHaveValue("What about Porto?");
    await editor.press("Escape");
    await expect(editor).toHaveCount(0);
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);

    // Shift+Enter is a new line; Enter sends the new version.
    await porto.hover();
    await porto.getByRole("button", { name: "Edit message" }).click();
    await editor.fill("What about Madrid?");
    await editor.press("Shift+Enter");
    await editor.pressSequentially("By train.");
    await expect(editor).toHaveValue("What about Madrid?\nBy train.");
    await editor.press("Enter");
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Madrid?\nBy train."]);
    await waitForStoredReply(chatPage);
    await expect(chatPage.lastReply()).toContainText("You asked: “What about Madrid? By train.”");
    // The branch's context is Lisbon only: one earlier message.
    await expect(chatPage.lastReply()).toContainText("1 earlier message from you");

    const madrid = sentMessage(page, "What about Madrid?");
    await expect(versionOf(madrid)).toHaveText("Version 2 / of 2");
    await expect(madrid.getByRole("button", { name: "Next version" })).toBeDisabled();
    await screenshot(page, testInfo, "branches-01-edited");

    // The original and its whole continuation come back, and stay after a reload.
    await madrid.getByRole("button", { name: "Previous version" }).click();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);
    await expect(chatPage.lastReply()).toContainText("You asked: “What about Porto?”");
    await expect(versionOf(sentMessage(page, "What about Porto?"))).toHaveText("Version 1 / of 2");
    await page.reload();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);

    await sentMessage(page, "What about Porto?").getByRole("button", { name: "Next version" }).click();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Madrid?\nBy train."]);

    // Continuing writes below the current branch.
    await chatPage.send("And the weather?");
    await waitForStoredReply(chatPage);
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Madrid?\nBy train.", "And the weather?"]);
    await expect(chatPage.lastReply()).toContainText("2 earlier messages from you");
  });

  test("another tab follows a switch of branch", async ({ page, chatPage, context, alice }) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await twoTurns(chatPage);
    const porto = sentMessage(page, "What about Porto?");
    await porto.hover();
    await porto.getByRole("button", { name: "Edit message" }).click();
    await page.getByRole("textbox", { name: "Edit your message" }).fill("What about Seville?");
    await page.getByRole("textbox", { name: "Edit your message" }).press("Enter");
    await waitForStoredReply(chatPage);

    const other = await context.newPage();
    await other.goto(page.url());
    const otherMessages = other.getByTestId("message").and(other.locator('[data-role="user"]'));
    await expect(otherMessages).toHaveText(["Plan a weekend in Lisbon", "What about Seville?"]);

    await sentMessage(page, "What about Seville?").getByRole("button", { name: "Previous version" }).click();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);
    await expect(otherMessages).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);
  });

  test("regenerates a reply with another model and keeps both versions", async ({ page, chatPage, alice }, testInfo) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await twoTurns(chatPage);
    // Not the latest reply: the first one.
    const firstReply = chatPage.messages("assistant").first();
    await firstReply.getByRole("button", { name: "Regenerate with another model" }).click();
    const menu = page.getByRole("menu", { name: "Regenerate with" });
    await expect(menu.getByRole("menuitem").first()).toBeFocused();
    await screenshot(page, testInfo, "branches-02-regenerate-menu");
    await menu.getByRole("menuitem", { name: "Offline (offline-mini)" }).click();
    await expect(menu).toHaveCount(0);
    // The branch now ends at the new reply: the second turn belongs to the other version.
    await expect(chatPage.messages()).toHaveCount(2);
    await waitForStoredReply(chatPage);
    const reply = chatPage.lastReply();
    await expect(versionOf(reply)).toHaveText("Version 2 / of 2");
    await expect(reply).toContainText("Offline (offline-mini)");
    await screenshot(page, testInfo, "branches-02-regenerated");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await screenshot(page, testInfo, "branches-02-regenerated-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await reply.getByRole("button", { name: "Previous version" }).click();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);
    await expect(versionOf(chatPage.messages("assistant").first())).toHaveText("Version 1 / of 2");
  });

  test("a memory from another branch opens that branch and makes it current", async ({ page, chatPage, memoryPage, alice }) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await chatPage.send("My gym locker code is 4417");
    await waitForStoredReply(chatPage);
    const chatPath = new URL(page.url()).pathname;
    // The original goes to a branch of its own, no longer current.
    const original = sentMessage(page, "My gym locker code is 4417");
    await original.hover();
    await original.getByRole("button", { name: "Edit message" }).click();
    await page.getByRole("textbox", { name: "Edit your message" }).fill("Suggest a weekend hike");
    await page.getByRole("textbox", { name: "Edit your message" }).press("Enter");
    await waitForStoredReply(chatPage);
    await expect(chatPage.messages("user")).toHaveText(["Suggest a weekend hike"]);

    await memoryPage.waitUntilSearchable("gym locker code");
    await memoryPage.goto("gym locker code");
    const recalled = memoryPage.results.locator(`a[href^="${chatPath}?m="]`).first();
    await recalled.click();
    await expect(page).toHaveURL(new RegExp(`${chatPath}\\?m=`));
    const linked = page.locator(`[data-message-id="${new URL(page.url()).searchParams.get("m")}"]`);
    await expect(linked).toBeVisible();
    await expect(chatPage.messages("user")).toHaveText(["My gym locker code is 4417"]);
    // Current from now on, also without the link.
    await page.goto(chatPath);
    await expect(chatPage.messages("user")).toHaveText(["My gym locker code is 4417"]);
  });

  test("deletes a message and what follows it, after confirming", async ({ page, chatPage, alice }) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await twoTurns(chatPage);
    const porto = sentMessage(page, "What about Porto?");
    await porto.hover();
    await porto.getByRole("button", { name: "Delete message" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this message?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(chatPage.messages()).toHaveCount(4);

    await porto.hover();
    await porto.getByRole("button", { name: "Delete message" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog).toBeHidden();
    await expect(chatPage.messages()).toHaveCount(2);
    await page.reload();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon"]);
  });
});

test.describe("on a phone, in the dark", () => {
  test.use({ viewport: { width: 375, height: 740 }, colorScheme: "dark", hasTouch: true, isMobile: true });

  test("edits a message and switches between its versions", async ({ page, chatPage, alice }, testInfo) => {
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await page.keyboard.press("Escape");
    await twoTurns(chatPage);
    const porto = sentMessage(page, "What about Porto?");
    // No hover on a touch screen: the actions are there to tap.
    await porto.getByRole("button", { name: "Edit message" }).tap();
    const editor = page.getByRole("textbox", { name: "Edit your message" });
    await screenshot(page, testInfo, "branches-03-phone-editing");
    await editor.fill("What about Faro?");
    await page.getByRole("button", { name: "Save and send" }).tap();
    await waitForStoredReply(chatPage);
    const faro = sentMessage(page, "What about Faro?");
    await expect(versionOf(faro)).toHaveText("Version 2 / of 2");
    await screenshot(page, testInfo, "branches-04-phone-dark");
    await faro.getByRole("button", { name: "Previous version" }).tap();
    await expect(chatPage.messages("user")).toHaveText(["Plan a weekend in Lisbon", "What about Porto?"]);
    await expect(chatPage.lastReply()).toContainText("You asked: “What about Porto?”");
  });
});
