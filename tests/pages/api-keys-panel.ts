import { expect, type Locator, type Page } from "@playwright/test";

/** The API keys section of /settings. */
export class ApiKeysPanel {
  readonly section: Locator;
  readonly name: Locator;
  readonly expires: Locator;
  readonly list: Locator;
  readonly newSecret: Locator;

  constructor(private readonly page: Page) {
    this.section = page.getByRole("region", { name: "API keys" });
    this.name = this.section.getByRole("textbox", { name: "Key name" });
    this.expires = this.section.getByRole("combobox", { name: "Expires" });
    this.list = this.section.getByRole("list", { name: "API keys" });
    this.newSecret = this.section.getByTestId("new-api-key-secret");
  }

  async open() {
    await this.page.goto("/settings#api-keys");
    await expect(this.section.getByRole("heading", { name: "API keys" })).toBeVisible();
  }

  /** Creates a key by keyboard and answers the secret shown once. */
  async create(name: string, expires = "Never") {
    await this.name.fill(name);
    await this.expires.selectOption({ label: expires });
    await this.name.press("Enter");
    await expect(this.newSecret).toBeVisible();
    return (await this.newSecret.textContent())!.trim();
  }

  row(name: string) {
    return this.list.getByRole("listitem").filter({ hasText: name });
  }

  async revoke(name: string) {
    await this.section.getByRole("button", { name: `Revoke ${name}` }).click();
    const dialog = this.page.getByRole("dialog", { name: "Revoke this key?" });
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(name)).toHaveCount(0);
  }
}
