import type { BrowserContext, Page } from "@playwright/test";
import { expect, newAccount, screenshot, test } from "../fixtures";
import { AuthPage } from "../pages/auth-page";
import { ChatPage } from "../pages/chat-page";

/** What a page's live-update stream delivered, recorded by wrapping EventSource before the app loads. */
interface LiveLog {
  ready: number;
  changes: { table: string; type: string; id: string; chatId: string | null }[];
}

async function recordLiveEvents(context: BrowserContext) {
  await context.addInitScript(() => {
    const log: LiveLog = { ready: 0, changes: [] };
    (window as unknown as { liveLog: LiveLog }).liveLog = log;
    const NativeEventSource = window.EventSource;
    window.EventSource = class extends NativeEventSource {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("ready", () => log.ready++);
        this.addEventListener("change", (message) => log.changes.push(JSON.parse((message as MessageEvent<string>).data)));
      }
    };
  });
}

const liveLog = (page: Page) => page.evaluate(() => (window as unknown as { liveLog: LiveLog }).liveLog);
const expectLive = (page: Page) => expect.poll(async () => (await liveLog(page)).ready).toBeGreaterThan(0);

/** Within two seconds of the change, as the feature promises. */
const live = { timeout: 2_000 };

test("Alice's tabs and devices stay in step over one stream per browser; Bob's page receives nothing of hers", async ({ page, chatPage, browser }, testInfo) => {
  let streamsOpenedInA = 0;
  page.context().on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/events") streamsOpenedInA++;
  });
  const alice = newAccount("alice");
  await new AuthPage(page).signUp(alice.email, alice.password);
  await expect(page).toHaveURL(/\/chat$/);

  // Tab A2: a second tab of the same browser, which follows tab A's stream.
  const tabA2 = await page.context().newPage();
  await tabA2.goto("/chat");
  const chatA2 = new ChatPage(tabA2);
  await expect(tabA2.getByText("No chats yet")).toBeVisible();

  // Tab B: Alice again, in a second browser context (another window or device).
  const tabBContext = await browser.newContext();
  await recordLiveEvents(tabBContext);
  const tabB = await tabBContext.newPage();
  await new AuthPage(tabB).logIn(alice.email, alice.password);
  await expect(tabB).toHaveURL(/\/chat$/);
  const chatB = new ChatPage(tabB);
  await expect(tabB.getByText("No chats yet")).toBeVisible();

  const bobContext = await browser.newContext();
  await recordLiveEvents(bobContext);
  const bobPage = await bobContext.newPage();
  const bob = newAccount("bob");
  await new AuthPage(bobPage).signUp(bob.email, bob.password);
  await expect(bobPage.getByText("No chats yet")).toBeVisible();
  await expectLive(tabB);
  await expectLive(bobPage);

  // A new chat sent in tab A appears in tab B's list.
  await chatPage.send("Plan the offsite");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(chatB.chatLink("Plan the offsite")).toBeVisible(live);
  await expect(chatA2.chatLink("Plan the offsite")).toBeVisible(live);
  await chatPage.waitForReply();

  // With the chat open in B, A's next message and its reply arrive there too.
  await chatB.chatLink("Plan the offsite").click();
  await expect(chatB.messages()).toHaveCount(2);
  await chatPage.send("Add a budget line");
  await expect(chatB.messages("user")).toHaveText(["Plan the offsite", "Add a budget line"], live);
  await expect(chatB.lastReply()).toContainText("offline model", live);
  await screenshot(tabB, testInfo, "30-realtime-tab-b-streaming");
  await chatPage.waitForReply();
  await expect(chatB.lastReply()).toHaveAttribute("data-status", "complete", live);
  await expect(chatB.lastReply()).toContainText("You asked: “Add a budget line”", live);
  await expect(chatB.lastReply()).toContainText("and restart.", live);
  await screenshot(tabB, testInfo, "31-realtime-tab-b-in-step");

  // Tab A closes; A2 takes the stream over and follows a rename and a delete made on device B.
  expect(streamsOpenedInA).toBe(1);
  await page.close();
  await chatB.rename("Plan the offsite", "Offsite");
  await expect(chatA2.chatLink("Offsite")).toBeVisible(live);
  await chatB.delete("Offsite");
  await expect(chatA2.chatLink("Offsite")).toHaveCount(0, live);
  expect(streamsOpenedInA).toBe(2);

  // Bob saw none of it: an empty list, and not one event on his stream.
  await expect(bobPage.getByText("No chats yet")).toBeVisible();
  expect((await liveLog(bobPage)).changes).toEqual([]);
  expect((await liveLog(tabB)).changes.length).toBeGreaterThan(0);
  await screenshot(bobPage, testInfo, "32-realtime-bob-untouched");

  await tabBContext.close();
  await bobContext.close();
});
