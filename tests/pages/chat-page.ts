import { expect, type Locator, type Page } from "@playwright/test";

export class ChatPage {
  readonly composer: Locator;
  readonly conversation: Locator;
  readonly sidebar: Locator;

  constructor(private readonly page: Page) {
    this.composer = page.getByRole("textbox", { name: "Message" });
    this.conversation = page.getByRole("log", { name: "Conversation" });
    this.sidebar = page.getByRole("navigation", { name: "Chats" });
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  messages(role?: "user" | "assistant") {
    const all = this.page.getByTestId("message");
    return role ? all.and(this.page.locator(`[data-role="${role}"]`)) : all;
  }

  lastReply() {
    return this.messages("assistant").last();
  }

  async waitForReply(status: "complete" | "stopped" | "error" = "complete") {
    await expect(this.lastReply()).toHaveAttribute("data-status", status, { timeout: 20_000 });
  }

  stopButton() {
    return this.page.getByRole("button", { name: "Stop generating" });
  }

  chatLink(title: string | RegExp) {
    return this.sidebar.getByRole("link", { name: title });
  }

  async rename(oldTitle: string, newTitle: string) {
    await this.chatLink(oldTitle).hover();
    await this.sidebar.getByRole("button", { name: `Rename chat ${oldTitle}` }).click();
    const input = this.sidebar.getByLabel("Chat title");
    await input.fill(newTitle);
    await input.press("Enter");
  }

  async delete(title: string) {
    await this.chatLink(title).hover();
    await this.sidebar.getByRole("button", { name: `Delete chat ${title}` }).click();
    const dialog = this.page.getByRole("dialog", { name: "Delete this chat?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete" }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Account menu" }).click();
    await this.page.getByRole("button", { name: "Sign out" }).click();
  }
}
