import { expect, newAccount, screenshot, test } from "../fixtures";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";

test("Bob, in his own browser, sees nothing of Alice's chats, not even by URL", async ({ page, chatPage, browser }, testInfo) => {
  const aliceAccount = newAccount("alice");
  await new AuthPage(page).signUp(aliceAccount.email, aliceAccount.password);
  await chatPage.send("Alice's secret plan");
  await chatPage.waitForReply();
  const aliceChatUrl = page.url();

  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  const bob = newAccount("bob");
  await new AuthPage(bobPage).signUp(bob.email, bob.password);
  const bobChat = new ChatPage(bobPage);
  await expect(bobPage.getByText("No chats yet")).toBeVisible();
  await expect(bobChat.chatLink("Alice's secret plan")).toHaveCount(0);

  await bobPage.goto(aliceChatUrl);
  await expect(bobPage.getByText(/not found|doesn.t exist/i).first()).toBeVisible();
  await expect(bobPage.getByText("Alice's secret plan")).toHaveCount(0);
  await screenshot(bobPage, testInfo, "20-bob-cannot-see-alice");
  await bobContext.close();
});
