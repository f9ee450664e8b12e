import type { Locator, Page, TestInfo } from "@playwright/test";
import { expect, newAccount, screenshot, test } from "../fixtures";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";
import { SharePage } from "../pages/share-page";

/** Light and dark, desktop and phone width, each freshly loaded at that width (scrolled to `region`, if given). */
async function screenshotEveryWay(page: Page, testInfo: TestInfo, name: string, region?: Locator) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [width, height, suffix] of [[1280, 800, ""], [375, 812, "-375"]] as const) {
      await page.setViewportSize({ width, height });
      await page.reload();
      if (region) await region.scrollIntoViewIfNeeded();
      await screenshot(page, testInfo, `${name}-${colorScheme}${suffix}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("Alice shares a chat; a visitor reads it signed out; she stops sharing and the link is gone", async ({ page, chatPage, alice, browser }, testInfo) => {
  void alice;
  const share = new SharePage(page);
  await chatPage.send("Plan a weekend in Lisbon");
  await chatPage.waitForReply();
  const url = await share.createLink();
  await screenshot(page, testInfo, "share-dialog");
  await page.keyboard.press("Escape");
  await expect(share.dialog).toBeHidden();

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const response = await visitor.goto(url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(visitor.getByRole("heading", { name: "Plan a weekend in Lisbon" })).toBeVisible();
  await expect(visitor.getByText("Shared snapshot")).toBeVisible();
  const visitorShare = new SharePage(visitor);
  await expect(visitorShare.snapshotMessages()).toHaveCount(2);
  await expect(visitorShare.snapshotMessages().first()).toHaveText("Plan a weekend in Lisbon");
  await expect(visitor.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  await expect(visitorShare.continueButton()).toBeVisible();
  await screenshotEveryWay(visitor, testInfo, "share-page");

  // Alice's later messages do not reach the snapshot.
  await chatPage.send("Add a day trip to Sintra");
  await chatPage.waitForReply();
  await visitor.reload();
  await expect(visitorShare.snapshotMessages()).toHaveCount(2);
  await expect(visitor.getByText("Add a day trip to Sintra")).toHaveCount(0);

  await page.goto("/settings#shared-links");
  await expect(share.sharedLinks.getByRole("link", { name: "Plan a weekend in Lisbon" })).toBeVisible();
  await screenshotEveryWay(page, testInfo, "settings-shared-links", share.sharedLinks);
  await share.stopSharing("Plan a weekend in Lisbon");
  await expect(page.getByText("You have not shared any chats.")).toBeVisible();

  const gone = await visitor.reload();
  expect(gone?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(visitor.getByText("Plan a weekend in Lisbon")).toHaveCount(0);
  await screenshotEveryWay(visitor, testInfo, "share-page-gone");
  await visitorContext.close();
});

test("Bob continues Alice's shared chat: signed out he signs up first, then it opens as his own chat", async ({ page, chatPage, alice, browser }, testInfo) => {
  void alice;
  await chatPage.send("Explain how tides work");
  await chatPage.waitForReply();
  const url = await new SharePage(page).createLink();

  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  await bobPage.goto(url);
  const bobShare = new SharePage(bobPage);
  await bobShare.continueButton().click();
  await expect(bobPage).toHaveURL(/\/login\?next=%2Fshare%2F/);

  await bobPage.getByRole("link", { name: "Create an account" }).click();
  await expect(bobPage).toHaveURL(/\/signup\?next=%2Fshare%2F/);
  await expect(bobPage.getByRole("heading", { name: "Create your account" })).toBeVisible();
  const bob = newAccount("bob");
  await new AuthPage(bobPage).fill(bob.email, bob.password);
  await bobPage.getByRole("button", { name: "Create account" }).click();
  await expect(bobPage).toHaveURL(new URL(url).pathname);
  await expect(bobPage.getByRole("heading", { name: "Explain how tides work" })).toBeVisible();

  await bobShare.continueButton().click();
  await expect(bobPage).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const bobChat = new ChatPage(bobPage);
  await expect(bobChat.messages()).toHaveCount(2);
  await expect(bobChat.messages("user").first()).toHaveText("Explain how tides work");
  await expect(bobChat.chatLink("Explain how tides work")).toBeVisible();
  // His copy is his to continue.
  await bobChat.send("And neap tides?");
  await bobChat.waitForReply();
  await expect(bobChat.messages()).toHaveCount(4);
  await screenshot(bobPage, testInfo, "share-continued-copy");
  await bobContext.close();
});
