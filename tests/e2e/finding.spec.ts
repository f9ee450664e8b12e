import type { Page } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";

/** Chats with these titles, oldest first, made through the signed-in browser's own session. */
async function createChats(page: Page, titles: string[]) {
  for (const title of titles) {
    const response = await page.request.post("/api/chats", { data: { title } });
    expect(response.status()).toBe(201);
  }
  await page.reload();
}

test.describe("finding chats", () => {
  test("filters the list as you type, pins a chat on top, archives it and restores it from the Archived view", async ({ page, chatPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await createChats(page, ["Lisbon trip plan", "Kitchen sink repair", "Lisbon tram routes", "Tax forms 2026"]);
    const listed = chatPage.listedTitles();
    await expect(listed).toHaveText(["Tax forms 2026", "Lisbon tram routes", "Kitchen sink repair", "Lisbon trip plan"]);

    // Each keystroke narrows the list once typing pauses, by what the server finds.
    await chatPage.filterBox.pressSequentially("LISB", { delay: 40 });
    await expect(listed).toHaveText(["Lisbon tram routes", "Lisbon trip plan"]);
    await chatPage.filterBox.pressSequentially("on tri", { delay: 40 });
    await expect(listed).toHaveText(["Lisbon trip plan"]);
    await screenshot(page, testInfo, "40-filtered");
    await chatPage.filterBox.fill("zebra crossing");
    await expect(chatPage.sidebar.getByRole("status")).toHaveText("No chats match “zebra crossing”.");
    await screenshot(page, testInfo, "41-filter-no-match");
    await chatPage.filterBox.press("Escape");
    await expect(chatPage.filterBox).toHaveValue("");
    await expect(listed).toHaveCount(4);

    // Pinning from the chat's menu puts it on top, marked, across reloads.
    await chatPage.chatLink("Lisbon trip plan").click();
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await chatPage.chooseChatOption("Pin chat");
    await expect(listed).toHaveText(["Lisbon trip plan (pinned)", "Tax forms 2026", "Lisbon tram routes", "Kitchen sink repair"]);
    await page.reload();
    await expect(listed.first()).toHaveText("Lisbon trip plan (pinned)");
    await screenshot(page, testInfo, "42-pinned");

    // The menu by keyboard: Enter opens it on its first item, arrows move, Enter picks.
    await chatPage.chatOptions.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Unpin chat" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menuitem", { name: "Archive chat" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menu")).toBeHidden();
    await expect(chatPage.chatOptions).toBeFocused();
    await expect(chatPage.chatLink("Lisbon trip plan")).toHaveCount(0);
    await expect(listed).toHaveCount(3);

    await chatPage.openArchived();
    const archived = chatPage.listedTitles(chatPage.archivedList);
    await expect(archived).toHaveText(["Lisbon trip plan (pinned)"]);
    await screenshot(page, testInfo, "43-archived-view");
    await chatPage.archivedList.getByRole("button", { name: "Restore chat Lisbon trip plan" }).click();
    await expect(chatPage.archivedList.getByRole("status")).toContainText("No archived chats.");
    await screenshot(page, testInfo, "44-no-archived-chats");
    await page.getByRole("button", { name: "Back to chats" }).click();
    await expect(listed).toHaveText(["Lisbon trip plan (pinned)", "Tax forms 2026", "Lisbon tram routes", "Kitchen sink repair"]);
  });

  test("on a phone the temporary switch fits, and in dark mode the drawer filters and opens the Archived view", async ({ page, chatPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await page.setViewportSize({ width: 375, height: 740 });
    await createChats(page, ["Garden shed plans", "Old budget", "Garden tomatoes"]);
    await chatPage.temporarySwitch.click();
    await expect(page.getByRole("heading", { name: "Temporary chat" })).toBeVisible();
    await screenshot(page, testInfo, "45-phone-temporary-new-chat");
    await chatPage.temporarySwitch.click();
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await chatPage.chatLink("Old budget").click();
    await chatPage.chooseChatOption("Archive chat");
    await chatPage.chooseChatOption("Pin chat");
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await chatPage.filterBox.fill("garden");
    await expect(chatPage.listedTitles()).toHaveText(["Garden tomatoes", "Garden shed plans"]);
    await screenshot(page, testInfo, "46-phone-dark-filtered");
    await chatPage.filterBox.fill("");
    await chatPage.openArchived();
    await expect(chatPage.listedTitles(chatPage.archivedList)).toHaveText(["Old budget (pinned)"]);
    await screenshot(page, testInfo, "46-phone-dark-archived-view");
  });
});

test.describe("keeping chats out of memory", () => {
  test("a temporary chat is marked and never found by memory search; an excluded chat stops being found", async ({ page, chatPage, memoryPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await expect(chatPage.temporarySwitch).toHaveAttribute("aria-checked", "false");
    await chatPage.temporarySwitch.click();
    await expect(chatPage.temporarySwitch).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("heading", { name: "Temporary chat" })).toBeVisible();
    await screenshot(page, testInfo, "47-temporary-new-chat");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, testInfo, "48-temporary-new-chat-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await chatPage.send("The wombat locker code is 7741");
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await chatPage.waitForReply();
    const header = page.locator("main header");
    await expect(header.getByText("Temporary")).toBeVisible();
    await expect(chatPage.chatLink("The wombat locker code is 7741")).toHaveText("The wombat locker code is 7741 (temporary)");
    await chatPage.chatOptions.click();
    await expect(page.getByRole("menuitem")).toHaveText(["Pin chat", "Archive chat"]);
    await screenshot(page, testInfo, "49-temporary-chat-menu");
    await page.keyboard.press("Escape");

    await page.getByRole("link", { name: "New chat" }).click();
    await expect(chatPage.temporarySwitch).toHaveAttribute("aria-checked", "false");
    await chatPage.send("The wombat garden grows tomatoes");
    await chatPage.waitForReply();
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    const ordinaryChatUrl = page.url();
    await memoryPage.waitUntilSearchable("wombat garden tomatoes");

    // The ordinary chat is found; the temporary one never is, though it shares the word.
    await memoryPage.goto("wombat");
    await expect(memoryPage.groupHeadings()).toHaveText(["The wombat garden grows tomatoes"]);
    await screenshot(page, testInfo, "50-memory-without-temporary");

    await page.goto(ordinaryChatUrl);
    await chatPage.chooseChatOption("Exclude from memory");
    await expect(header.getByText("Not in memory")).toBeVisible();
    await screenshot(page, testInfo, "51-excluded-chat");
    await memoryPage.goto("wombat");
    await expect(memoryPage.noResults()).toHaveText("No memories match “wombat”");

    await page.goto(ordinaryChatUrl);
    await chatPage.chooseChatOption("Include in memory");
    await expect(header.getByText("Not in memory")).toHaveCount(0);
    await memoryPage.waitUntilSearchable("wombat garden tomatoes");
  });
});
