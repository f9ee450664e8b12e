import { expect, type Locator, type Page } from "@playwright/test";
import { dropFile, transferOf, type FileToSend } from "./file-transfer";

export class ChatPage {
  readonly composer: Locator;
  readonly conversation: Locator;
  readonly sidebar: Locator;
  readonly archivedList: Locator;
  readonly filterBox: Locator;
  readonly temporarySwitch: Locator;
  readonly chatOptions: Locator;

  constructor(private readonly page: Page) {
    this.composer = page.getByRole("textbox", { name: "Message" });
    this.conversation = page.getByRole("log", { name: "Conversation" });
    this.sidebar = page.getByRole("navigation", { name: "Chats", exact: true });
    this.archivedList = page.getByRole("navigation", { name: "Archived chats" });
    this.filterBox = page.getByRole("searchbox", { name: /^Filter (archived )?chats$/ });
    this.temporarySwitch = page.getByRole("switch", { name: "Temporary chat" });
    this.chatOptions = page.getByRole("button", { name: "Chat options" });
  }

  /** The titles of the listed chats, in order, with their marks (" (pinned)", " (temporary)"). */
  listedTitles(list: Locator = this.sidebar) {
    return list.getByRole("link");
  }

  /** Picks an item of the open chat's options menu. */
  async chooseChatOption(name: string) {
    await this.chatOptions.click();
    await this.page.getByRole("menuitem", { name }).click();
    await expect(this.page.getByRole("menu", { name: "Chat options" })).toBeHidden();
  }

  async openArchived() {
    await this.page.getByRole("button", { name: "Archived chats" }).click();
    await expect(this.archivedList).toBeVisible();
  }

  /** The files attached to the message being written. */
  attachments() {
    return this.page.getByTestId("attachment");
  }

  /** Drags a file from the desktop into the composer. */
  async dropIntoComposer(file: FileToSend) {
    await dropFile(this.page, this.page.getByTestId("composer"), file);
  }

  /** Pastes a file into the message box, as after copying it in a file manager. */
  async pasteIntoComposer(file: FileToSend) {
    const transfer = await transferOf(this.page, file);
    await this.composer.evaluate((box, clipboardData) => {
      box.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
    }, transfer);
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
