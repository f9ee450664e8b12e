import type { APIRequestContext } from "@playwright/test";
import { expect, screenshot, test } from "../fixtures";

// GET /api/chats/:id answers the newest 100 messages of the branch; 55 turns are 110 messages, so
// the first ten (turns 1 to 5) come only when the person scrolls up.
const turns = 55;
const firstPageMessages = 100;

/** Writes the chat turn by turn through the API, as a script would; answers its id. */
async function writeLongChat(request: APIRequestContext): Promise<string> {
  let chatId: string | undefined;
  for (let turn = 1; turn <= turns; turn++) {
    const response = await request.post("/api/chat", { data: { ...(chatId ? { chatId } : {}), message: `Turn ${turn}: a note to scroll past.` } });
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(body).toContain("event: done");
    chatId ??= JSON.parse(/event: meta\ndata: (.*)\n/.exec(body)![1]!).chatId as string;
  }
  return chatId!;
}

test.describe("a long chat", () => {
  test.use({ viewport: { width: 390, height: 800 } });

  // `alice` signs up and opens /chat; on a phone her account menu is in the drawer.
  test("opens at its latest messages and brings the earlier ones as the person scrolls up, keeping the view still", async ({ page, chatPage, alice }, testInfo) => {
    test.setTimeout(180_000);
    await expect(chatPage.composer).toBeVisible();
    expect(alice.email).toContain("@");
    const chatId = await writeLongChat(page.request);

    await page.goto(`/chat/${chatId}`);
    await expect(chatPage.messages("user").last()).toContainText(`Turn ${turns}:`);
    await expect(chatPage.messages()).toHaveCount(firstPageMessages);
    await expect(chatPage.messages("user").first()).toContainText("Turn 6:");
    await expect(chatPage.messages("user").filter({ hasText: "Turn 1:" })).toHaveCount(0);

    // Scrolling up to the oldest shown message loads the rest above it, and it stays where it was.
    const turnSix = chatPage.messages("user").filter({ hasText: "Turn 6:" });
    await turnSix.scrollIntoViewIfNeeded();
    await expect(chatPage.messages()).toHaveCount(turns * 2);
    await expect(chatPage.messages("user").first()).toContainText("Turn 1:");
    await expect(turnSix).toBeInViewport();
    await expect(page.getByRole("button", { name: "Show earlier messages" })).toHaveCount(0);
    await screenshot(page, testInfo, "long-chat-01-earlier-loaded");

    // The end of the chat is where a reply goes: sending still lands at the bottom.
    await chatPage.send("One more turn.");
    await chatPage.waitForReply("complete");
    await expect(chatPage.lastReply()).toBeInViewport();
  });
});
