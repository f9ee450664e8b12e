import { test as base, expect, type Page, type TestInfo } from "@playwright/test";
import { AdminPage } from "./pages/admin-page";
import { AuthPage } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { MemoryPage } from "./pages/memory-page";
import { SettingsPage } from "./pages/settings-page";

export interface Account {
  email: string;
  password: string;
}

export const newAccount = (name: string): Account => ({
  email: `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`,
  password: `${name}-password-123`,
});

/** Saves a full-page screenshot under tests/artifacts/screenshots/ and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = `tests/artifacts/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

export const test = base.extend<{ adminPage: AdminPage; authPage: AuthPage; chatPage: ChatPage; settingsPage: SettingsPage; memoryPage: MemoryPage; alice: Account }>({
  adminPage: async ({ page }, use) => use(new AdminPage(page)),
  authPage: async ({ page }, use) => use(new AuthPage(page)),
  chatPage: async ({ page }, use) => use(new ChatPage(page)),
  memoryPage: async ({ page }, use) => use(new MemoryPage(page)),
  settingsPage: async ({ page }, use) => use(new SettingsPage(page)),
  /** A signed-up, signed-in account on the chat page. */
  alice: async ({ page, authPage }, use) => {
    const account = newAccount("alice");
    await authPage.signUp(account.email, account.password);
    await expect(page).toHaveURL(/\/chat$/);
    await use(account);
  },
});

export { expect };
