import { expect, type Locator, type Page } from "@playwright/test";

export class FeedbackInboxPage {
  readonly list: Locator;
  readonly search: Locator;
  readonly csvLink: Locator;

  constructor(private readonly page: Page) {
    this.list = page.getByRole("list", { name: "Feedback" });
    this.search = page.getByRole("searchbox", { name: "Search comments" });
    this.csvLink = page.getByRole("link", { name: /CSV/ });
  }

  async open() {
    await this.page.goto("/admin/feedback");
    await expect(this.page.getByRole("heading", { name: "Feedback inbox", level: 1 })).toBeVisible();
  }

  select(label: "Kind" | "Rating" | "Vote" | "Status") {
    return this.page.getByRole("combobox", { name: label });
  }

  field(label: "Page" | "Model" | "From (UTC)" | "To (UTC)") {
    return this.page.getByLabel(label, { exact: true });
  }

  items() {
    return this.list.getByTestId("inbox-item");
  }

  item(text: string) {
    return this.items().filter({ hasText: text });
  }
}
