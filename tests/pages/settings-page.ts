import { expect, type Locator, type Page } from "@playwright/test";

export class SettingsPage {
  readonly instructions: Locator;
  readonly temperature: Locator;
  readonly memory: Locator;
  readonly defaultModel: Locator;

  constructor(private readonly page: Page) {
    this.instructions = page.getByRole("textbox", { name: "Custom instructions" });
    this.temperature = page.getByRole("slider", { name: "Temperature" });
    this.memory = page.getByRole("switch", { name: "Memory" });
    this.defaultModel = page.getByRole("combobox", { name: "Default model" });
  }

  async open() {
    await this.page.goto("/settings");
    await expect(this.page.getByRole("heading", { name: "Assistant" })).toBeVisible();
  }

  /** Through the sidebar's account menu, as a person would. */
  async openFromMenu() {
    await this.page.getByRole("button", { name: "Account menu" }).click();
    await this.page.getByRole("link", { name: "Settings" }).click();
    await expect(this.page.getByRole("heading", { name: "Assistant" })).toBeVisible();
  }

  theme(name: "Light" | "Dark" | "System") {
    return this.page.getByRole("radio", { name });
  }

  /** Clicks the visible card; the radio inside it is visually hidden. */
  async chooseTheme(name: "Light" | "Dark" | "System") {
    await this.page.locator("label", { has: this.theme(name) }).click();
  }

  async saveInstructions(text: string) {
    await this.instructions.fill(text);
    await this.page.getByRole("button", { name: "Save instructions" }).click();
  }

  /** Waits until the saves of this page have reached the server. */
  async waitForSaved() {
    await expect(this.page.getByRole("status").filter({ hasText: "Saved" })).toHaveCount(1);
  }

  saveError() {
    return this.page.getByRole("alert").filter({ hasText: "not saved" });
  }

  async openDeleteDialog() {
    await this.page.getByRole("button", { name: "Delete account…" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Delete your account?" });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
