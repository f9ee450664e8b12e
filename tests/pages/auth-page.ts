import { expect, type Page } from "@playwright/test";

export class AuthPage {
  constructor(private readonly page: Page) {}

  async signUp(email: string, password: string) {
    await this.page.goto("/signup");
    await this.fill(email, password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async logIn(email: string, password: string, path = "/login") {
    await this.page.goto(path);
    await this.fill(email, password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async fill(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
  }

  formError() {
    return this.page.locator("form [role=alert]");
  }

  async expectSignedOut() {
    await expect(this.page).toHaveURL(/\/login/);
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
}
