import { startFakeSentry, type FakeSentry } from "../fakes/sentry";
import { expect, test } from "../fixtures";

// playwright.config.ts points the server's SENTRY_DSN at this port; the browser learns the DSN from
// the page at run time and posts through the /monitoring tunnel, never to the ingest itself.
const sentryPort = Number(process.env.E2E_SENTRY_PORT);
let sentry: FakeSentry;
test.beforeAll(async () => {
  sentry = await startFakeSentry({ port: sentryPort });
});
test.afterAll(async () => {
  await sentry.close();
});

const canary = (kind: string) => `canary${kind}${crypto.randomUUID().replaceAll("-", "")}`;

test("a browser error reaches Sentry through the tunnel with the user's id only, and no canary anywhere", async ({ page, context, chatPage, alice }) => {
  const text = canary("text");
  const cookie = canary("cookie");
  const query = canary("query");
  const token = canary("token");
  const directToIngest: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).port === String(sentryPort)) directToIngest.push(request.url());
  });

  await chatPage.send(`Please remember ${text}`);
  await chatPage.waitForReply();
  const chatPath = new URL(page.url()).pathname;
  await context.addCookies([{ name: "tracking", value: cookie, url: page.url() }]);
  // The browser SDK starts once the page is up (its session update says so), and records breadcrumbs from then on.
  const sdkStarted = page.waitForResponse((response) => new URL(response.url()).pathname === "/monitoring" && (response.request().postData() ?? "").includes('"type":"session"'));
  await page.goto(`${chatPath}?ref=${query}`);
  await expect(chatPage.messages("user")).toHaveText([`Please remember ${text}`]);
  expect((await sdkStarted).status()).toBe(200);
  // Leaves fetch breadcrumbs behind: a bearer token in a header, the canary in a query string.
  const status = await page.evaluate(
    async ({ token, query }) => (await fetch(`/api/chats?ref=${query}`, { headers: { authorization: `Bearer ${token}` } })).status,
    { token, query },
  );
  expect(status).toBe(401);

  const tunnelled = page.waitForResponse((response) => new URL(response.url()).pathname === "/monitoring" && (response.request().postData() ?? "").includes("browser boom"));
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error("browser boom");
    });
  });
  expect((await tunnelled).status()).toBe(200);

  const user = ((await (await page.request.get("/api/auth/session")).json()) as { user: { id: string } }).user;
  const browserEvents = () => sentry.errorEvents().filter((event) => JSON.stringify(event.exception).includes("browser boom"));
  await expect.poll(() => browserEvents().length).toBe(1);
  const [event] = browserEvents() as [Record<string, unknown>];
  expect(event).toMatchObject({ platform: "javascript", user: { id: user.id } });
  expect(event.user).toEqual({ id: user.id });
  expect(event.request).toMatchObject({ url: new URL(chatPath, page.url()).href });
  expect(JSON.stringify(event.breadcrumbs)).toContain("/api/chats");
  expect(directToIngest).toEqual([]);

  const sessionCookie = (await context.cookies()).find((candidate) => candidate.name === "mneme-session")?.value;
  expect(sessionCookie).toBeTruthy();
  const everything = sentry.envelopes.map((envelope) => envelope.raw).join("\n");
  const secrets = [text, cookie, query, token, alice.email, alice.password, sessionCookie!];
  expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  expect(everything).not.toMatch(/authorization|"cookies"|tracking=|\?ref=/i);
});

test("an error thrown while the page loads, before the browser SDK starts, still reaches Sentry", async ({ page, chatPage, alice }) => {
  const message = canary("early");
  // Thrown when the document has been parsed: before the load event, after which the SDK starts.
  await page.addInitScript((text) => {
    document.addEventListener("DOMContentLoaded", () => {
      setTimeout(() => {
        throw new Error(text);
      });
    });
  }, message);
  await page.goto("/chat");
  await expect(chatPage.composer).toBeVisible();

  const earlyEvents = () => sentry.errorEvents().filter((event) => JSON.stringify(event.exception).includes(message));
  await expect.poll(() => earlyEvents().length).toBe(1);
  const [event] = earlyEvents() as [{ exception: { values: { mechanism: { handled: boolean } }[] } }];
  expect(event.exception.values[0]!.mechanism).toMatchObject({ handled: false });
  expect(JSON.stringify(event)).not.toContain(alice.email);
});
