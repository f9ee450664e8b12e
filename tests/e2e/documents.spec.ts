import { expect, screenshot, test } from "../fixtures";
import { DocumentsPage } from "../pages/documents-page";
import { makePdf } from "../support/document-fixtures";

const tidesPdf = () => ({
  name: "tides.pdf",
  mimeType: "application/pdf",
  buffer: makePdf(["Chapter one is about lighthouses on the Atlantic coast.", "The second page explains tidal bores on the river Severn."]),
});

const packingNotes = () => ({
  name: "packing.md",
  mimeType: "text/markdown",
  buffer: Buffer.from("# Kayak trip\n\nWe paddle from Oban at dawn.\n\n# Packing\n\nBring a dry bag and a spare paddle."),
});

test.describe("documents in memory", () => {
  test("upload on /memory, watch it index, find its passage in search, and delete it", async ({ page, memoryPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    const documents = new DocumentsPage(page);
    await documents.goto();
    await expect(page.getByRole("heading", { name: "No documents yet" })).toBeVisible();
    await expect(page.getByTestId("document-allowance")).toHaveText("0 B of 50 MB used · 0 of 50 documents");
    await screenshot(page, testInfo, "documents-empty");

    await documents.upload(tidesPdf());
    await expect(documents.item("tides.pdf")).toContainText("2 pages");
    await documents.waitUntilReady("tides.pdf");
    await expect(documents.item("tides.pdf").getByRole("progressbar")).toHaveCount(0);

    await documents.drop(packingNotes());
    await documents.waitUntilReady("packing.md");
    await expect(documents.items).toHaveCount(2);
    await expect(documents.items.first()).toContainText("packing.md");
    await screenshot(page, testInfo, "documents-list");

    // A file that is not what its name says is refused with the reason, and nothing is added.
    await documents.upload({ name: "photo.pdf", mimeType: "application/pdf", buffer: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") });
    await expect(page.getByTestId("upload-failures")).toContainText("photo.pdf: The file is a PNG image.");
    await expect(documents.items).toHaveCount(2);
    await screenshot(page, testInfo, "documents-refused");

    await page.getByRole("link", { name: "Search" }).click();
    await memoryPage.searchBox.fill("tidal bores Severn");
    await page.getByRole("button", { name: "Documents", exact: true }).click();
    const group = page.getByTestId("document-result-group").filter({ hasText: "tides.pdf" });
    await expect(group).toBeVisible();
    await expect(group).toContainText("Page 2");
    await expect(group.getByRole("link", { name: "tides.pdf" })).toHaveAttribute("href", /^\/memory\/documents\/[0-9a-f-]{36}$/);
    await screenshot(page, testInfo, "documents-search");

    // A passage found opens the document there: its page, ringed, in the reader.
    await group.getByRole("link").filter({ hasText: "Page 2" }).click();
    await expect(page).toHaveURL(/\/memory\/documents\/[0-9a-f-]{36}\?passage=\d+$/);
    const cited = page.locator('[aria-current="location"]');
    await expect(cited).toContainText("tidal bores on the river Severn");
    await expect(cited).toBeInViewport();
    await expect(page.getByRole("heading", { name: "Page 1" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", /^\/api\/documents\/[0-9a-f-]{36}\/file$/);
    await screenshot(page, testInfo, "documents-reader");

    // The palette finds the passage too, and Enter opens it there.
    await memoryPage.openPalette();
    await memoryPage.searchInPalette("tidal bores Severn");
    const option = page.getByRole("option").filter({ hasText: "tides.pdf" }).first();
    await expect(option).toContainText("Page 2");
    await screenshot(page, testInfo, "documents-palette");
    for (let presses = 0; (await option.getAttribute("aria-selected")) !== "true" && presses < 8; presses++) await page.keyboard.press("ArrowDown");
    await expect(option).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/memory\/documents\/[0-9a-f-]{36}\?passage=\d+$/);
    await expect(page.locator('[aria-current="location"]')).toContainText("tidal bores");

    await page.getByRole("link", { name: "Documents" }).click();
    await documents.item("tides.pdf").getByRole("button", { name: "Delete tides.pdf" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this document?" });
    await expect(dialog).toBeVisible();
    await screenshot(page, testInfo, "documents-delete-dialog");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog).toBeHidden();
    await expect(documents.items).toHaveCount(1);
    await expect(documents.item("tides.pdf")).toHaveCount(0);
  });

  test("a file larger than a request body goes through a signed upload URL and is indexed like any other", async ({ page, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    const documents = new DocumentsPage(page);
    await documents.goto();
    const steps: string[] = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/api/documents") && request.method() !== "GET") steps.push(`${request.method()} ${pathname.replace(/[0-9a-f-]{36}/, ":id")}`);
    });
    const atlas = makePdf(["The harbour atlas shows every pier from Oban to Mallaig.", "Page two lists the tide gauges."], { padBytes: 6 * 1024 * 1024 });
    await documents.upload({ name: "atlas.pdf", mimeType: "application/pdf", buffer: atlas });
    await documents.waitUntilReady("atlas.pdf");
    await expect(documents.item("atlas.pdf")).toContainText("6 MB · 2 pages");
    expect(steps).toEqual(["POST /api/documents/uploads", "PUT /api/documents/uploads/:id", "POST /api/documents/:id/uploaded"]);
    await expect(documents.item("atlas.pdf").getByRole("link", { name: "Download atlas.pdf" })).toBeVisible();
    await screenshot(page, testInfo, "documents-signed-upload");
  });

  test("a reply that drew on a document lists it as a source, which opens the document at that passage", async ({ page, chatPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    const documents = new DocumentsPage(page);
    await documents.goto();
    await documents.upload(tidesPdf());
    await documents.waitUntilReady("tides.pdf");

    await page.goto("/chat");
    await chatPage.send("What do you know about tidal bores on the river Severn?");
    await chatPage.waitForReply();
    const reply = chatPage.lastReply();
    await expect(reply).toContainText("tides.pdf, page 2");
    const disclosure = reply.getByText(/^Used (\d+ memor(y|ies) and )?\d+ document passages?$/);
    await disclosure.click();
    const source = reply.getByRole("link").filter({ hasText: "tides.pdf" }).filter({ hasText: "Page 2" });
    await expect(source).toContainText("tidal bores");
    await screenshot(page, testInfo, "documents-sources");

    await source.click();
    await expect(page).toHaveURL(/\/memory\/documents\/[0-9a-f-]{36}\?passage=\d+$/);
    await expect(page.locator('[aria-current="location"]')).toContainText("tidal bores on the river Severn");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, testInfo, "documents-reader-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("a PDF dragged into the composer is read, sent with the question and cited; for this chat only, it stays out of memory", async ({ page, chatPage, memoryPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await page.goto("/chat");
    await page.getByLabel("Files for this chat only").check();
    await chatPage.dropIntoComposer(tidesPdf());
    const chip = chatPage.attachments().filter({ hasText: "tides.pdf" });
    await expect(chip).toBeVisible();
    await screenshot(page, testInfo, "composer-attachment-reading");
    await expect(chip).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    // A pasted note joins it; taken off again, it is not sent.
    await chatPage.pasteIntoComposer(packingNotes());
    const pasted = chatPage.attachments().filter({ hasText: "packing.md" });
    await expect(pasted).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await pasted.getByRole("button", { name: "Remove packing.md" }).click();
    await expect(chatPage.attachments()).toHaveCount(1);
    // Taken off before it was sent, a file for this chat only is deleted; the other stays.
    const documentNames = async () => ((await (await page.request.get("/api/documents")).json()) as { documents: { name: string }[] }).documents.map((document) => document.name);
    await expect.poll(documentNames).toEqual(["tides.pdf"]);
    await screenshot(page, testInfo, "composer-attachment-ready");

    await chatPage.send("Summarise it for me");
    await chatPage.waitForReply();
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await expect(chatPage.attachments()).toHaveCount(0);
    const question = chatPage.messages("user").last().locator("xpath=..");
    await expect(question.getByRole("link", { name: "tides.pdf" })).toHaveAttribute("href", /^\/memory\/documents\/[0-9a-f-]{36}$/);
    const reply = chatPage.lastReply();
    await reply.getByText(/document passages?$/).click();
    const source = reply.getByRole("link").filter({ hasText: "tides.pdf" }).first();
    await expect(source).toBeVisible();
    await screenshot(page, testInfo, "composer-attachment-cited");

    // A new version of the question keeps its file, and its reply is given the file again.
    await question.hover();
    await question.getByRole("button", { name: "Edit message" }).click();
    const editor = page.getByRole("textbox", { name: "Edit your message" });
    await editor.fill("Summarise the tide table");
    await editor.press("Enter");
    await expect(chatPage.lastReply()).toContainText("You asked: “Summarise the tide table”", { timeout: 20_000 });
    await chatPage.waitForReply();
    const edited = chatPage.messages("user").last().locator("xpath=..");
    await expect(edited.getByTestId("version")).toHaveText("Version 2 / of 2");
    await expect(edited.getByRole("link", { name: "tides.pdf" })).toBeVisible();
    const editedReply = chatPage.lastReply();
    await editedReply.getByText(/document passages?$/).click();
    await expect(editedReply.getByRole("link").filter({ hasText: "tides.pdf" }).first()).toBeVisible();
    await editedReply.getByRole("link").filter({ hasText: "tides.pdf" }).first().click();
    await expect(page).toHaveURL(/\/memory\/documents\/[0-9a-f-]{36}\?passage=\d+$/);
    await expect(page.locator('[aria-current="location"]')).toBeVisible();

    // For this chat only: not found by memory search.
    await memoryPage.goto("tidal bores Severn");
    await page.getByRole("button", { name: "Documents", exact: true }).click();
    await expect(page.getByRole("heading", { name: "No memories match “tidal bores Severn”" })).toBeVisible();
    await expect(page.getByTestId("document-result-group")).toHaveCount(0);
  });

  test("a message refused for its file keeps the file and the text in the composer, with the reason", async ({ page, chatPage, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await page.goto("/chat");
    await chatPage.dropIntoComposer(packingNotes());
    const chip = chatPage.attachments().filter({ hasText: "packing.md" });
    await expect(chip).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    // Deleted meanwhile (in another tab, say): the server refuses the message that names it.
    const { documents } = (await (await page.request.get("/api/documents")).json()) as { documents: { id: string; name: string }[] };
    const packing = documents.find((document) => document.name === "packing.md")!;
    expect((await page.request.delete(`/api/documents/${packing.id}`)).status()).toBe(204);

    await chatPage.send("What should I pack?");
    await expect(page.getByRole("alert").filter({ hasText: "no document of yours has the id" })).toBeVisible();
    await expect(chatPage.composer).toHaveValue("What should I pack?");
    await expect(chip).toBeVisible();
    await screenshot(page, testInfo, "composer-attachment-refused");
    await chip.getByRole("button", { name: "Remove packing.md" }).click();
    await chatPage.send("What should I pack?");
    await chatPage.waitForReply();
  });

  test("the Documents view on a phone, light and dark, and the limits in settings", async ({ page, alice }, testInfo) => {
    expect(alice.email).toBeTruthy();
    await page.setViewportSize({ width: 375, height: 812 });
    const documents = new DocumentsPage(page);
    await documents.goto();
    await documents.upload(tidesPdf());
    await documents.waitUntilReady("tides.pdf");
    const item = documents.item("tides.pdf");
    // Nothing spills past the screen's edge.
    const box = (await item.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    await expect(item.getByRole("button", { name: "Delete tides.pdf" })).toBeInViewport();
    await screenshot(page, testInfo, "documents-phone-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, testInfo, "documents-phone-dark");
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, testInfo, "documents-desktop-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await page.goto("/settings");
    const limits = page.getByTestId("document-limits");
    await expect(limits).toContainText("Storage");
    await expect(limits).toContainText("of 50 MB");
    await expect(limits).toContainText("1 of 50");
    await expect(limits).toContainText("500");
    await limits.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, "documents-settings");
  });
});
