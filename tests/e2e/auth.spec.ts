import { expect, newAccount, screenshot, test } from "../fixtures";

test.describe("signing in", () => {
  test("a visitor is sent to /login and, after signing in, back to the page they asked for", async ({ page, authPage, chatPage }, testInfo) => {
    const account = newAccount("returning");
    await authPage.signUp(account.email, account.password);
    await chatPage.send("Remember this chat");
    await chatPage.waitForReply();
    const chatUrl = page.url();
    await chatPage.signOut();
    await authPage.expectSignedOut();

    await page.goto(chatUrl);
    await expect(page).toHaveURL(/\/login\?next=%2Fchat%2F/);
    await screenshot(page, testInfo, "10-login");
    await authPage.fill(account.email, account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(chatUrl);
    await expect(chatPage.messages()).toHaveCount(2);
  });

  test("a wrong password is explained, and the form keeps the email", async ({ page, authPage }, testInfo) => {
    const account = newAccount("forgetful");
    await authPage.signUp(account.email, account.password);
    await page.context().clearCookies();
    await authPage.logIn(account.email, "not my password");
    await expect(authPage.formError()).toHaveText("Email or password is incorrect.");
    await expect(page.getByLabel("Email")).toHaveValue(account.email);
    await screenshot(page, testInfo, "11-login-error");
  });

  test("signing up twice with one email says the account exists", async ({ page, authPage }) => {
    const account = newAccount("twice");
    await authPage.signUp(account.email, account.password);
    await page.context().clearCookies();
    await authPage.signUp(account.email, account.password);
    await expect(authPage.formError()).toContainText("already exists");
  });

  for (const next of ["//evil.example/steal", "%2F%09%2Fevil.example", "%2F%5Cevil.example"]) {
    test(`a next parameter pointing off-site is ignored: ${next}`, async ({ page, authPage }) => {
      const account = newAccount("careful");
      await authPage.signUp(account.email, account.password);
      await page.context().clearCookies();
      await authPage.logIn(account.email, account.password, `/login?next=${next}`);
      await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/chat$/);
    });
  }
});
