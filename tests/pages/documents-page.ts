import { expect, type Locator, type Page } from "@playwright/test";
import { dropFile, type FileToSend } from "./file-transfer";

/** The Documents view of `/memory`. */
export class DocumentsPage {
  readonly fileInput: Locator;
  readonly chooseFiles: Locator;
  readonly dropZone: Locator;
  readonly list: Locator;
  readonly items: Locator;

  constructor(private readonly page: Page) {
    this.fileInput = page.getByLabel("Upload documents");
    this.chooseFiles = page.getByRole("button", { name: "choose files" });
    this.dropZone = page.getByTestId("document-drop-zone");
    this.list = page.getByRole("list", { name: "Documents" });
    this.items = page.getByTestId("document-item");
  }

  async goto() {
    await this.page.goto("/memory?view=documents");
  }

  item(name: string) {
    return this.items.filter({ hasText: name });
  }

  async upload(file: FileToSend) {
    await this.fileInput.setInputFiles(file);
  }

  /** Drops a file on the view as a browser does when one is dragged from the desktop. */
  async drop(file: FileToSend) {
    await dropFile(this.page, this.dropZone, file);
  }

  async waitUntilReady(name: string) {
    await expect(this.item(name).getByTestId("document-status")).toHaveText("Ready", { timeout: 20_000 });
  }
}
