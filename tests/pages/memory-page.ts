import { expect, type Locator, type Page } from "@playwright/test";

/** The `/memory` page and the Ctrl/Cmd+K memory palette. */
export class MemoryPage {
  readonly searchBox: Locator;
  readonly results: Locator;
  readonly palette: Locator;
  readonly paletteInput: Locator;
  readonly paletteOptions: Locator;

  constructor(private readonly page: Page) {
    this.searchBox = page.getByRole("searchbox", { name: "Search your memory" });
    this.results = page.getByTestId("memory-results");
    this.palette = page.getByRole("dialog", { name: "Search memory" });
    this.paletteInput = this.palette.getByRole("combobox", { name: "Search memory" });
    this.paletteOptions = this.palette.getByRole("option");
  }

  async goto(query?: string) {
    await this.page.goto(query === undefined ? "/memory" : `/memory?q=${encodeURIComponent(query)}`);
  }

  /** The section of results from one chat, found by its heading. */
  resultGroup(chatTitle: string | RegExp) {
    return this.results.locator("section").filter({ has: this.page.getByRole("heading", { name: chatTitle }) });
  }

  groupHeadings() {
    return this.results.getByRole("heading");
  }

  noResults() {
    return this.page.getByRole("heading", { name: /^No memories match/ });
  }

  async openPalette() {
    await this.page.keyboard.press("ControlOrMeta+k");
    await expect(this.palette).toBeVisible();
    await expect(this.paletteInput).toBeFocused();
  }

  /** Types into the palette until it lists something: messages become searchable a moment after they are sent. */
  async searchInPalette(query: string) {
    await expect(async () => {
      await this.paletteInput.fill("");
      await this.paletteInput.fill(query);
      await expect(this.paletteOptions.first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
  }

  /** Waits until the search API finds `query`, through the signed-in browser's own session. */
  async waitUntilSearchable(query: string) {
    await expect
      .poll(
        async () => {
          const response = await this.page.request.post("/api/memory/search", { data: { query } });
          return ((await response.json()) as { results: unknown[] }).results.length;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
  }
}
