import type { APIRequestContext } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";
import { ChatPage } from "../pages/chat-page";

// The offline model quotes up to four related memories from other chats (about 280 characters
// each), so with these in memory its reply to `question` runs some six seconds at the e2e pace of
// 20 ms a word: long enough to reload, open a second tab and press Stop while it is written.
const seeds = [1, 2, 3, 4].map(
  (n) => `Lighthouse keepers, note ${n}: the keepers trimmed the lighthouse lamps every night, polished the lighthouse lenses, logged the weather and the passing ships, and rowed out to wrecks on the rocks below the lighthouse when the storms came in from the sea.`,
);
const question = "What did the lighthouse keepers do every night with the lamps, the lenses and the ships?";

async function seedMemories(request: APIRequestContext) {
  await Promise.all(seeds.map(async (message) => expect((await request.post("/api/chat", { data: { message } })).status()).toBe(200)));
  // The worker embeds the seeds' messages shortly after they are stored.
  await expect
    .poll(async () => {
      const response = await request.post("/api/memory/search", { data: { query: question, limit: 10 } });
      return ((await response.json()) as { results: unknown[] }).results.length;
    }, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(4);
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

test.describe("a reply that outlives its page", () => {
  test("reloading mid-reply shows it still growing, and it finishes whole", async ({ page, chatPage, alice }, testInfo) => {
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await seedMemories(page.request);
    await chatPage.send(question);
    const reply = chatPage.lastReply();
    await expect(reply).toContainText("From your memory");
    await expect(reply).toHaveAttribute("data-status", "streaming");

    await page.reload();
    await expect(chatPage.lastReply()).toHaveAttribute("data-status", "streaming");
    const afterReload = (await chatPage.lastReply().innerText()).length;
    await expect.poll(async () => (await chatPage.lastReply().innerText()).length).toBeGreaterThan(afterReload);
    await expect(chatPage.stopButton()).toBeVisible();
    await screenshot(page, testInfo, "live-01-reloaded-mid-reply");

    await chatPage.waitForReply("complete");
    const whole = await chatPage.lastReply().innerText();
    expect(occurrences(whole, "You asked:")).toBe(1);
    expect(occurrences(whole, "From your memory")).toBe(1);
    expect(whole).toContain("and restart.");
    await screenshot(page, testInfo, "live-02-finished-after-reload");

    // What the page shows is what was stored.
    await page.reload();
    await chatPage.waitForReply("complete");
    expect(await chatPage.lastReply().innerText()).toBe(whole);
  });
});

test.describe("a second tab, on a phone in the dark", () => {
  test.use({ viewport: { width: 390, height: 800 }, colorScheme: "dark" });

  test("a second tab showing the chat joins mid-reply and stops it for both", async ({ page, chatPage, alice }, testInfo) => {
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("button", { name: "Open sidebar" }).click();
    await expect(page.getByRole("button", { name: "Account menu" })).toContainText(alice.email);
    await page.keyboard.press("Escape");
    await seedMemories(page.request);
    const first = await page.request.post("/api/chat", { data: { message: "Keep a log for me" } });
    const chatId = /"chatId":"([^"]+)"/.exec(await first.text())![1]!;
    await page.goto(`/chat/${chatId}`);
    await chatPage.waitForReply("complete");

    // Tab B shows the same chat before the reply begins; the live sync tells it when it does.
    const tabB = await page.context().newPage();
    await tabB.goto(`/chat/${chatId}`);
    const chatB = new ChatPage(tabB);
    await chatB.waitForReply("complete");

    await chatPage.send(question);
    await expect(chatPage.lastReply()).toContainText("From your memory");
    const replyB = chatB.lastReply();
    await expect(chatB.messages()).toHaveCount(4);
    await expect(replyB).toHaveAttribute("data-status", "streaming");
    const seenInB = (await replyB.innerText()).length;
    await expect.poll(async () => (await replyB.innerText()).length).toBeGreaterThan(seenInB);
    await screenshot(tabB, testInfo, "live-03-second-tab-joined-phone-dark");

    await chatB.stopButton().click();
    await chatB.waitForReply("stopped");
    await chatPage.waitForReply("stopped");
    await expect(replyB).toContainText("Stopped");
    const keptInB = await replyB.innerText();
    expect(keptInB).not.toContain("and restart.");
    // Both tabs end on the stored reply.
    await expect(chatPage.lastReply().getByRole("button", { name: "Retry" })).toBeVisible();
    expect(await chatPage.lastReply().innerText()).toBe(keptInB);
    await screenshot(tabB, testInfo, "live-04-stopped-from-second-tab-phone-dark");
    await screenshot(page, testInfo, "live-05-stopped-seen-in-first-tab-phone-dark");
  });
});
