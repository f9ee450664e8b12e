import { expect, screenshot, test } from "../fixtures";

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
