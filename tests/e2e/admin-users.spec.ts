import type { Page, TestInfo } from "@playwright/test";
import { expect, newAccount, screenshot, test } from "../fixtures";
import { e2eAdmin as admin } from "../support/e2e-accounts";

/** The page scrolls inside its own container, so a tall viewport shows every section at once. */
async function screenshotWhole(page: Page, testInfo: TestInfo, name: string, height = 1600) {
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height });
  await screenshot(page, testInfo, name);
  await page.setViewportSize(viewport);
}

const pageOverflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe("admin: users and plans", () => {
  test("an admin finds a user, changes their plan, suspends and reactivates them", async ({ page, request, authPage }, testInfo) => {
    const bob = newAccount("bob");
    expect((await request.post("/api/auth/signup", { data: bob })).status()).toBe(201);

    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin pages" }).getByRole("link", { name: "Users" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();

    await page.getByRole("searchbox", { name: "Search by email" }).fill(bob.email.slice(0, 12));
    const table = page.getByRole("region", { name: "Users" });
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("row").nth(1)).toContainText("Free");
    await expect(table.getByRole("row").nth(1)).toContainText("Active");
    await screenshotWhole(page, testInfo, "admin-users-light", 900);

    // Sorting by a column marks it for screen readers too.
    await page.getByRole("searchbox", { name: "Search by email" }).fill("");
    await table.getByRole("button", { name: "Email" }).click();
    await expect(table.getByRole("columnheader", { name: "Email" })).toHaveAttribute("aria-sort", "ascending");

    await page.getByRole("searchbox", { name: "Search by email" }).fill(bob.email);
    await table.getByRole("link", { name: bob.email }).click();
    await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: bob.email, level: 2 })).toBeVisible();
    await expect(page.getByTestId("usage-chart")).toBeVisible();

    // Plan: Pro, which shows at once on the page and holds from Bob's next request.
    await page.getByLabel("Plan", { exact: true }).selectOption("pro");
    await page.getByRole("button", { name: "Change plan" }).click();
    await expect(page.getByRole("region", { name: "Actions" }).getByRole("status")).toContainText("Saved");
    await expect(page.getByText(/^Pro plan/)).toBeVisible();
    const audit = page.getByRole("region", { name: "Audit log" });
    await expect(audit).toContainText("changed the plan");

    // Suspend, confirmed: Bob cannot sign in; nothing of his is gone.
    await page.getByRole("button", { name: "Suspend account" }).click();
    const confirm = page.getByRole("dialog", { name: `Suspend ${bob.email}?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Suspend" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText("Suspended", { exact: true }).first()).toBeVisible();
    await expect(audit).toContainText("suspended");
    const refused = await request.post("/api/auth/login", { data: bob });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("account_suspended");
    await screenshotWhole(page, testInfo, "admin-user-suspended-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshotWhole(page, testInfo, "admin-user-suspended-dark");
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await pageOverflowX(page)).toBe(0);
    await screenshotWhole(page, testInfo, "admin-user-phone-dark", 3200);
    await page.emulateMedia({ colorScheme: "light" });
    await screenshotWhole(page, testInfo, "admin-user-phone-light", 3200);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Reactivate, confirmed: Bob signs in again.
    await page.getByRole("button", { name: "Reactivate account" }).click();
    const reactivate = page.getByRole("dialog", { name: `Reactivate ${bob.email}?` });
    await reactivate.getByRole("button", { name: "Reactivate" }).click();
    await expect(reactivate).toBeHidden();
    await expect(page.getByRole("button", { name: "Suspend account" })).toBeVisible();
    await expect(audit).toContainText("reactivated");
    await expect.poll(async () => (await request.post("/api/auth/login", { data: bob })).status(), { timeout: 5000 }).toBe(200);

    // The overview lists the actions too.
    await page.getByRole("navigation", { name: "Admin pages" }).getByRole("link", { name: "Overview" }).click();
    await expect(page.getByRole("region", { name: "Audit log" })).toContainText(bob.email);
  });

  test("an admin creates, edits and deletes a plan; deleting one in use shows why it cannot", async ({ page, request, authPage }, testInfo) => {
    const carol = newAccount("carol");
    expect((await request.post("/api/auth/signup", { data: carol })).status()).toBe(201);
    await authPage.logIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/chat$/);
    await page.goto("/admin/plans");
    await expect(page.getByRole("heading", { name: "Plans", level: 1 })).toBeVisible();
    const planId = `team-${crypto.randomUUID().slice(0, 6)}`;

    await page.getByRole("button", { name: "New plan" }).click();
    const form = page.getByRole("dialog", { name: "New plan" });
    await form.getByLabel("Id").fill(planId);
    await form.getByLabel("Name").fill("Team");
    await form.getByLabel("Chat messages a month").fill("1000");
    await form.getByLabel("Every model").uncheck();
    await form.getByRole("checkbox", { name: "offline", exact: true }).check();
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form).toBeHidden();
    const row = page.getByRole("region", { name: "Plans" }).getByRole("row").filter({ hasText: planId });
    await expect(row).toContainText("1,000");
    await expect(row).toContainText("offline");

    await row.getByRole("button", { name: "Edit Team" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Team" });
    await edit.getByLabel("Budget a month (USD)").fill("12.5");
    await edit.getByRole("button", { name: "Save plan" }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText("$12.50");

    // Carol on the plan: it cannot be deleted, and the dialog says why.
    const users = await page.request.get(`/api/admin/users?q=${encodeURIComponent(carol.email)}`);
    const carolId = (await users.json()).users[0].id as string;
    expect((await page.request.patch(`/api/admin/users/${carolId}`, { data: { plan: planId } })).status()).toBe(200);
    await page.reload();
    await row.getByRole("button", { name: "Delete Team" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete the plan Team?" });
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm.getByRole("alert")).toContainText("1 account is on the plan");
    await screenshot(page, testInfo, "admin-plans-conflict-light");
    await confirm.getByRole("button", { name: "Cancel" }).click();

    expect((await page.request.patch(`/api/admin/users/${carolId}`, { data: { plan: "free" } })).status()).toBe(200);
    await page.reload();
    await row.getByRole("button", { name: "Delete Team" }).click();
    await page.getByRole("dialog", { name: "Delete the plan Team?" }).getByRole("button", { name: "Delete" }).click();
    await expect(row).toHaveCount(0);

    await screenshotWhole(page, testInfo, "admin-plans-light", 900);
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshotWhole(page, testInfo, "admin-plans-dark", 900);
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await pageOverflowX(page)).toBe(0);
    await screenshot(page, testInfo, "admin-plans-phone-dark");
    await page.goto("/admin/users");
    await expect(page.getByRole("region", { name: "Users" })).toBeVisible();
    expect(await pageOverflowX(page)).toBe(0);
    await screenshot(page, testInfo, "admin-users-phone-dark");
  });
});
