import fs from "node:fs/promises";
import { expect, screenshot, test } from "../fixtures";

test.describe("your data", () => {
  test("the export downloads every chat with its messages", async ({ page, chatPage, settingsPage, alice }) => {
    await chatPage.send("First question for the export");
    await chatPage.waitForReply();
    await page.goto("/chat");
    await chatPage.send("Second question for the export");
    await chatPage.waitForReply();

    await settingsPage.open();
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download my data" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^mneme-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await fs.readFile((await download.path())!, "utf8"));

    expect(data.profile.email).toBe(alice.email);
    expect(data.chats).toHaveLength(2);
    const contents = data.chats.flatMap((chat: { messages: { role: string; content: string }[] }) => chat.messages.map((message) => message.content));
    expect(contents).toEqual(expect.arrayContaining(["First question for the export", "Second question for the export"]));
    expect(contents).toHaveLength(4);
  });

  test("deleting the account asks for the email, ends the session, and the login fails afterwards", async ({ page, authPage, settingsPage, alice }, testInfo) => {
    await settingsPage.open();
    const dialog = await settingsPage.openDeleteDialog();
    const confirm = dialog.getByRole("button", { name: "Delete account" });
    await expect(confirm).toBeDisabled();
    await dialog.getByRole("textbox", { name: /to confirm/ }).fill("someone-else@example.com");
    await expect(confirm).toBeDisabled();
    await dialog.getByRole("textbox", { name: /to confirm/ }).fill(alice.email);
    await screenshot(page, testInfo, "delete-account-dialog");
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, testInfo, "delete-account-dialog-375");
    await confirm.click();

    await authPage.expectSignedOut();
    const session = await (await page.request.get("/api/auth/session")).json();
    expect(session).toEqual({ user: null });
    await page.goto("/chat");
    await authPage.expectSignedOut();

    await authPage.logIn(alice.email, alice.password);
    await expect(authPage.formError()).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/login/);
  });
});
