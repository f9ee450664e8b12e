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

// Vercel runs many instances: the reply is written by the one that took the turn, and a window
// served by another follows it, that instance hearing the writer's broadcasts on Alice's private
// Realtime topic (lib/chat/broadcast-reply-stream.ts).
test("a reply written on one instance grows in a window served by another, and ends the same", async ({ page, chatPage, alice }, testInfo) => {
  const second = process.env.E2E_SUPABASE_SECOND_URL!;
  await expect.poll(async () => (await page.request.get(`${second}/api/health`).catch(() => null))?.status(), { timeout: 60_000 }).toBe(200);
  await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
  // The other instance's first page is rendered before the reply begins: the test is of the reply.
  const warmUp = await page.context().newPage();
  await warmUp.goto(`${second}/chat`);
  await warmUp.close();
  // The offline model writes 80 ms a word here (playwright.config.ts): some six seconds.
  const question = "Tell me about the keepers of the lighthouse on the rocks, who trimmed the lamps every night.";
  await chatPage.send(question);
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const chatId = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(chatPage.lastReply()).toHaveAttribute("data-status", "streaming");

  // Cookies belong to the host, not the port: the same session, on the other instance.
  const tabB = await page.context().newPage();
  await tabB.goto(`${second}/chat/${chatId}`);
  const chatB = new ChatPage(tabB);
  const replyB = chatB.lastReply();
  await expect(replyB).toHaveAttribute("data-status", "streaming");
  const seenInB = (await replyB.innerText()).length;
  await expect.poll(async () => (await replyB.innerText()).length).toBeGreaterThan(seenInB);
  await screenshot(tabB, testInfo, "supabase-04-reply-followed-on-another-instance");

  await chatPage.waitForReply("complete");
  await chatB.waitForReply("complete");
  expect(await replyB.innerText()).toBe(await chatPage.lastReply().innerText());
});
