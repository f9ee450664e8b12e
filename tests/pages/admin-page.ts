import { expect, type Locator, type Page } from "@playwright/test";

export class AdminPage {
  readonly sidebarLink: Locator;
  readonly csvLink: Locator;

  constructor(private readonly page: Page) {
    this.sidebarLink = page.getByRole("complementary", { name: "Chat history" }).getByRole("link", { name: "Admin" });
    this.csvLink = page.getByRole("link", { name: "Download usage CSV" });
  }

  async open() {
    await this.page.goto("/admin");
    await this.waitForOverview();
  }

  async openFromSidebar() {
    await this.sidebarLink.click();
    await expect(this.page).toHaveURL(/\/admin$/);
    await this.waitForOverview();
  }

  async waitForOverview() {
    await expect(this.page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
    await expect(this.page.getByTestId("request-cards")).toBeVisible();
  }

  section(name: "Requests" | "Top users" | "Cost by model" | "Web vitals" | "Recent alerts" | "Recent feedback") {
    return this.page.getByRole("region", { name, exact: true });
  }

  /** One figure card, e.g. "p95 latency", by its term. */
  card(term: string) {
    return this.page.getByRole("term").filter({ hasText: term }).locator("..");
  }

  window(label: "1 h" | "6 h" | "24 h") {
    return this.page.getByRole("group", { name: "Window" }).getByRole("button", { name: label });
  }
}
