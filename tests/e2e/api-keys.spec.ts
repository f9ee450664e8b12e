import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page, TestInfo } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";
import { ApiKeysPanel } from "../pages/api-keys-panel";

const run = promisify(execFile);

/** What a script would do: curl with the key, answering the status and the body. */
async function curl(baseUrl: string, path: string, secret: string): Promise<{ status: number; body: string }> {
  const { stdout } = await run("curl", ["-sS", "-H", `Authorization: Bearer ${secret}`, "-w", "\n%{http_code}", `${baseUrl}${path}`]);
  const lines = stdout.split("\n");
  return { status: Number(lines.pop()), body: lines.join("\n") };
}

/** Light and dark, desktop and phone width, the section in view. */
async function screenshotEveryWay(page: Page, testInfo: TestInfo, panel: ApiKeysPanel, name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [width, height, suffix] of [[1280, 900, ""], [375, 812, "-375"]] as const) {
      await page.setViewportSize({ width, height });
      await panel.section.scrollIntoViewIfNeeded();
      await screenshot(page, testInfo, `${name}-${colorScheme}${suffix}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("Alice creates an API key in Settings, a script uses it with curl, she revokes it and curl gets 401", async ({ page, alice, baseURL }, testInfo) => {
  void alice;
  const panel = new ApiKeysPanel(page);
  await panel.open();
  await expect(panel.section.getByText("You have no API keys yet.")).toBeVisible();
  await screenshotEveryWay(page, testInfo, panel, "api-keys-empty");

  const secret = await panel.create("Nightly backup", "In 30 days");
  expect(secret).toMatch(/^mnk_[A-Za-z0-9_-]{75}$/);
  await expect(panel.section.getByText("This is the only time it is shown")).toBeVisible();
  await expect(panel.row("Nightly backup")).toContainText(secret.slice(0, 12));
  await expect(panel.row("Nightly backup")).toContainText("Never used");
  await screenshotEveryWay(page, testInfo, panel, "api-keys-created");

  const chats = await curl(baseURL!, "/api/chats", secret);
  expect(chats.status, chats.body).toBe(200);
  expect(JSON.parse(chats.body)).toEqual({ chats: [], nextCursor: null });
  const made = await run("curl", ["-sS", "-X", "POST", "-H", `Authorization: Bearer ${secret}`, "-H", "content-type: application/json", "-d", '{"title":"From a script"}', `${baseURL}/api/chats`]);
  expect(JSON.parse(made.stdout).chat.title).toBe("From a script");

  // The secret is gone once dismissed or reloaded; the list shows the key's last use.
  await page.reload();
  await expect(panel.newSecret).toHaveCount(0);
  await expect(panel.row("Nightly backup")).toContainText("Last used");
  await screenshotEveryWay(page, testInfo, panel, "api-keys-list");

  await panel.revoke("Nightly backup");
  await expect(panel.section.getByText("You have no API keys yet.")).toBeVisible();
  const after = await curl(baseURL!, "/api/chats", secret);
  expect(after.status).toBe(401);
  expect(JSON.parse(after.body).error.code).toBe("unauthorized");
});

test("the API reference lists every operation by tag and links back to the keys", async ({ page, alice }, testInfo) => {
  void alice;
  const panel = new ApiKeysPanel(page);
  await panel.open();
  await panel.section.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mneme API" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "API keys" })).toBeVisible();
  const createKey = page.getByRole("article").filter({ has: page.getByRole("heading", { name: /post\s*\/api\/keys$/i }) });
  await expect(createKey).toContainText("not with an API key");
  const body = createKey.locator("details", { hasText: "Request body (application/json)" });
  await body.getByText("Request body (application/json)").click();
  await expect(body.locator("pre")).toBeVisible();
  await expect(body.locator("pre")).toContainText('"additionalProperties": false');
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [width, suffix] of [[1280, ""], [375, "-375"]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, testInfo, `api-reference-${colorScheme}${suffix}`);
      // The whole page is long: the operation itself, as a reader sees it.
      const path = `tests/artifacts/screenshots/api-reference-keys-${colorScheme}${suffix}.png`;
      await createKey.screenshot({ path });
      await testInfo.attach(`api-reference-keys-${colorScheme}${suffix}`, { path, contentType: "image/png" });
    }
  }
});
