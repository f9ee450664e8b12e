import { test as base, expect, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
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

/**
 * Every Content Security Policy violation in the test's browser context: each `securitypolicyviolation`
 * event (reported by an init script, so from the first byte of every page) and each console message
 * in which Chromium refuses something on the policy's grounds.
 */
async function recordCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_source, violation: string) => void violations.push(violation));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (violation: string) => void }).__reportCspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}${event.sample ? ` (${event.sample})` : ""}`);
    });
  });
  context.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

export const test = base.extend<{
  adminPage: AdminPage;
  authPage: AuthPage;
  chatPage: ChatPage;
  settingsPage: SettingsPage;
  memoryPage: MemoryPage;
  alice: Account;
  cspViolations: string[];
  noCspViolations: void;
}>({
  cspViolations: async ({ context }, use) => use(await recordCspViolations(context)),
  /** Every browser test fails on a Content Security Policy violation, whatever else it checks. */
  noCspViolations: [
    async ({ cspViolations }, use) => {
      await use();
      expect(cspViolations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
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
