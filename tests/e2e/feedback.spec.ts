import { expect, screenshot, test } from "../fixtures";

test.describe("feedback", () => {
  test("the widget opens from the keyboard, needs a rating, sends it with the page and confirms", async ({ page, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await page.goto("/settings");
    const open = page.getByRole("button", { name: "Send feedback" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Send feedback" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("/settings");

    await dialog.getByRole("button", { name: "Send feedback" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Choose a rating from 1 to 5 stars.");

    const sent = page.waitForRequest((request) => request.url().endsWith("/api/feedback") && request.method() === "POST");
    await dialog.locator("label").filter({ hasText: "3 stars" }).click();
    await page.keyboard.press("ArrowRight");
    await expect(dialog.getByRole("radio", { name: "4 stars" })).toBeChecked();
    await dialog.getByRole("textbox", { name: "Comment (optional)" }).fill("Settings are easy to find.");
    await screenshot(page, testInfo, "feedback-dialog");
    await dialog.getByRole("button", { name: "Send feedback" }).click();

    expect((await sent).postDataJSON()).toEqual({ rating: 4, page: "/settings", comment: "Settings are easy to find." });
    await expect(page.getByRole("status").filter({ hasText: "Thanks! Your feedback was sent." })).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(open).toBeVisible();
  });

  test("Escape closes the widget's dialog; there is no widget on the sign-in pages", async ({ page, alice }) => {
    expect(alice.email).toBeTruthy();
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("dialog", { name: "Send feedback" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Send feedback" })).toBeHidden();

    const context = await page.context().browser()!.newContext();
    const signedOut = await context.newPage();
    await signedOut.goto("/login");
    await expect(signedOut.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(signedOut.getByRole("button", { name: "Send feedback" })).toHaveCount(0);
    await context.close();
  });

  test("a reply takes a thumbs up, shows it after a reload, withdraws it, and takes a thumbs down with a comment", async ({ page, chatPage, alice }) => {
    expect(alice.email).toBeTruthy();
    await chatPage.send("Rate this reply");
    await chatPage.waitForReply();
    const reply = chatPage.lastReply();
    const up = reply.getByRole("button", { name: "Good reply" });
    const down = reply.getByRole("button", { name: "Bad reply" });

    await up.click();
    await expect(up).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("status").filter({ hasText: "Vote saved" })).toHaveCount(1);
    await page.reload();
    await expect(up).toHaveAttribute("aria-pressed", "true");
    await expect(down).toHaveAttribute("aria-pressed", "false");

    await up.click();
    await expect(up).toHaveAttribute("aria-pressed", "false");
    await expect(page.getByRole("status").filter({ hasText: "Vote withdrawn" })).toHaveCount(1);
    await page.reload();
    await expect(up).toHaveAttribute("aria-pressed", "false");

    await down.click();
    await expect(down).toHaveAttribute("aria-pressed", "true");
    const comment = reply.getByRole("textbox", { name: "What was wrong with this reply? (optional)" });
    await expect(comment).toBeFocused();
    const sent = page.waitForRequest((request) => request.url().endsWith("/api/feedback") && request.postDataJSON()?.comment);
    await comment.fill("It did not answer the question.");
    await reply.getByRole("button", { name: "Send" }).click();
    expect((await sent).postDataJSON()).toMatchObject({ vote: "down", comment: "It did not answer the question." });
    await expect(reply).toContainText("Thanks, that helps us improve.");

    await page.reload();
    await expect(down).toHaveAttribute("aria-pressed", "true");
    await expect(up).toHaveAttribute("aria-pressed", "false");
  });
});
