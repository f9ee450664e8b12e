import { expect, newAccount, screenshot, test } from "../fixtures";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";

// The same person's path as tests/e2e/chat.spec.ts, on the Supabase mode: accounts in Supabase Auth
// (the fake GoTrue, through @supabase/ssr's cookies), data in Postgres through postgres.js.
test("signs up through Supabase Auth, chats, and finds the chat again after signing out and in", async ({ page, chatPage, authPage, alice, context }, testInfo) => {
  const cookies = await context.cookies();
  expect(cookies.some((cookie) => /^sb-[\w-]+-auth-token/.test(cookie.name))).toBe(true);
  expect(cookies.some((cookie) => cookie.name === "mneme-session")).toBe(false);

  await chatPage.send("What is a good name for a cat?");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await chatPage.waitForReply("complete");
  await expect(chatPage.lastReply()).toContainText("You asked: “What is a good name for a cat?”");
  await screenshot(page, testInfo, "supabase-01-chat");

  await page.reload();
  await expect(chatPage.messages()).toHaveCount(2);

  await chatPage.signOut();
  await authPage.expectSignedOut();
  expect((await context.cookies()).some((cookie) => /^sb-[\w-]+-auth-token/.test(cookie.name))).toBe(false);
  await page.goto("/chat");
  await expect(page).toHaveURL(/\/login\?next=%2Fchat$/);

  await authPage.logIn(alice.email, alice.password);
  await expect(page).toHaveURL(/\/chat$/);
  await chatPage.chatLink("What is a good name for a cat?").click();
  await expect(chatPage.messages()).toHaveCount(2);
  await screenshot(page, testInfo, "supabase-02-after-sign-in");
});

test("a wrong password is refused by Supabase Auth with the same message as locally", async ({ chatPage, authPage, alice }) => {
  await chatPage.signOut();
  await authPage.expectSignedOut();
  await authPage.logIn(alice.email, "not-the-password");
  await expect(authPage.formError()).toContainText("Email or password is incorrect.");
});

// Live sync in the Supabase mode: postgres_changes from (the fake) Supabase Realtime, through
// supabase-js in the browser, as in production. Another account's changes never arrive.
test("keeps Alice's second window in step through Supabase Realtime, and shows Bob nothing of hers", async ({ page, chatPage, alice, browser }, testInfo) => {
  const live = { timeout: 3_000 };

  const otherWindow = await browser.newContext();
  const tabB = await otherWindow.newPage();
  const sockets: string[] = [];
  tabB.on("websocket", (socket) => sockets.push(new URL(socket.url()).pathname));
  const authB = new AuthPage(tabB);
  await authB.logIn(alice.email, alice.password);
  await expect(tabB).toHaveURL(/\/chat$/);
  const chatB = new ChatPage(tabB);

  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  const bob = newAccount("bob");
  await new AuthPage(bobPage).signUp(bob.email, bob.password);
  await expect(bobPage.getByText("No chats yet")).toBeVisible();
  await expect.poll(() => sockets).toContain("/realtime/v1/websocket");

  await chatPage.send("Plan the offsite");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(chatB.chatLink("Plan the offsite")).toBeVisible(live);
  await chatPage.waitForReply("complete");

  // With the chat open in the second window, the next message and its reply arrive there too.
  await chatB.chatLink("Plan the offsite").click();
  await expect(chatB.messages()).toHaveCount(2);
  await chatPage.send("Add a budget line");
  await expect(chatB.messages("user")).toHaveText(["Plan the offsite", "Add a budget line"], live);
  await chatPage.waitForReply("complete");
  await expect(chatB.lastReply()).toContainText("Add a budget line", live);
  await screenshot(tabB, testInfo, "supabase-03-live-second-window");

  await expect(bobPage.getByText("No chats yet")).toBeVisible();
  await otherWindow.close();
  await bobContext.close();
});
