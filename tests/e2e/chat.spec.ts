import { expect, screenshot, test } from "../fixtures";

test.describe("a person chatting", () => {
  test("signs up, watches a reply stream in, reloads, renames, deletes, signs out and back in", async ({ page, chatPage, authPage, alice }, testInfo) => {
    await expect(chatPage.composer).toBeFocused();
    await screenshot(page, testInfo, "01-empty-chat");

    await chatPage.send("How do I back up a postgres database?");
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await expect(chatPage.messages("user")).toHaveText(["How do I back up a postgres database?"]);

    // The reply arrives word by word: seen part-way, then whole.
    const reply = chatPage.lastReply();
    await expect(reply).toHaveAttribute("data-status", "streaming");
    await expect(reply).toContainText("offline model");
    const partial = (await reply.innerText()).length;
    await screenshot(page, testInfo, "02-streaming");
    await chatPage.waitForReply("complete");
    expect((await reply.innerText()).length).toBeGreaterThan(partial);
    await expect(reply).toContainText("You asked: “How do I back up a postgres database?”");
    await expect(chatPage.chatLink("How do I back up a postgres database?")).toBeVisible();
    await screenshot(page, testInfo, "03-complete");

    await page.reload();
    await expect(chatPage.messages()).toHaveCount(2);
    await expect(chatPage.lastReply()).toHaveAttribute("data-status", "complete");

    await chatPage.rename("How do I back up a postgres database?", "Backups");
    await expect(chatPage.chatLink("Backups")).toBeVisible();
    await page.reload();
    await expect(chatPage.chatLink("Backups")).toBeVisible();

    await chatPage.signOut();
    await authPage.expectSignedOut();
    await authPage.logIn(alice.email, alice.password);
    await expect(page).toHaveURL(/\/chat$/);
    await expect(chatPage.chatLink("Backups")).toBeVisible();

    await chatPage.chatLink("Backups").click();
    await expect(chatPage.messages()).toHaveCount(2);
    await chatPage.delete("Backups");
    await expect(chatPage.chatLink("Backups")).toHaveCount(0);
    await page.reload();
    await expect(chatPage.chatLink("Backups")).toHaveCount(0);
  });

  test("stops a reply mid-way, keeps what arrived, and retries it", async ({ page, chatPage, alice }, testInfo) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await chatPage.send("Write me something long");
    const reply = chatPage.lastReply();
    await expect(reply).toContainText("offline model");
    await chatPage.stopButton().click();
    await chatPage.waitForReply("stopped");
    await expect(reply).toContainText("Stopped");
    // Retry appears once the page shows the stored reply, which may hold a few words more than had
    // reached the page when Stop was pressed.
    await expect(reply.getByRole("button", { name: "Retry" })).toBeVisible();
    const kept = await reply.innerText();
    await screenshot(page, testInfo, "04-stopped");

    await page.reload();
    await chatPage.waitForReply("stopped");
    expect(await chatPage.lastReply().innerText()).toBe(kept);

    await chatPage.lastReply().getByRole("button", { name: "Retry" }).click();
    await chatPage.waitForReply("complete");
    await expect(chatPage.messages()).toHaveCount(2);
    await expect(chatPage.lastReply()).toContainText("You asked: “Write me something long”");
  });

  test("Enter sends and Shift+Enter makes a new line", async ({ page, chatPage, alice }) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await chatPage.composer.fill("first line");
    await chatPage.composer.press("Shift+Enter");
    await chatPage.composer.pressSequentially("second line");
    await expect(chatPage.composer).toHaveValue("first line\nsecond line");
    await chatPage.composer.press("Enter");
    await expect(chatPage.messages("user")).toHaveText(["first line\nsecond line"]);
    await expect(chatPage.composer).toHaveValue("");
    await chatPage.waitForReply();
  });
});

test.describe("on a phone, in the dark", () => {
  test.use({ viewport: { width: 375, height: 740 }, colorScheme: "dark" });

  test("the chat reads well and the history is a drawer", async ({ page, chatPage, alice }, testInfo) => {
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await page.keyboard.press("Escape");
    await chatPage.send("Render some `code` please");
    await chatPage.waitForReply();
    await screenshot(page, testInfo, "05-phone-dark");
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await expect(chatPage.chatLink("Render some code please")).toBeVisible();
    await screenshot(page, testInfo, "06-phone-drawer");
    await page.keyboard.press("Escape");
    await expect(chatPage.chatLink("Render some code please")).toBeHidden();
  });
});
