import { expect, type Locator, type Page } from "@playwright/test";

/** The owner's side (the Share dialog, Settings > Shared links) and the visitor's page /share/:token. */
export class SharePage {
  readonly dialog: Locator;
  readonly sharedLinks: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "Share this chat" });
    this.sharedLinks = page.getByRole("list", { name: "Shared links" });
  }

  /** Opens the dialog from the chat header with the keyboard, makes the link and answers its url. */
  async createLink(): Promise<string> {
    await this.page.getByRole("button", { name: "Share chat" }).focus();
    await this.page.keyboard.press("Enter");
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByRole("button", { name: "Create link" }).click();
    const link = this.dialog.getByRole("textbox", { name: "Link" });
    await expect(link).toHaveValue(/\/share\/[A-Za-z0-9_-]{43}$/);
    return link.inputValue();
  }

  async stopSharing(chatTitle: string) {
    await this.page.getByRole("button", { name: `Stop sharing ${chatTitle}` }).click();
    const confirm = this.page.getByRole("dialog", { name: "Stop sharing this chat?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Stop sharing" }).click();
    await expect(confirm).toBeHidden();
  }

  snapshotMessages() {
    return this.page.getByTestId("message");
  }

  continueButton() {
    return this.page.getByRole("button", { name: "Continue this chat" });
  }
}
