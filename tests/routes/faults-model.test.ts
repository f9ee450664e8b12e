import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Person } from "../support/client";
import { eventually, sendChat, storedMessages } from "../support/chat";
import { createFaultTable, timed } from "../support/fault-table";
import { database, setUpAppServer } from "../support/route-suite";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai";

// The model provider hangs: it stops sending mid-reply, never answers at all, or trickles for
// longer than a reply may take. Each reply gets a deadline and ends as `error` with what arrived.
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const idleTimeoutMs = 1000;
const deadlineMs = 3000;
const app = setUpAppServer(() => ({
  OPENAI_API_KEY: "sk-fake-key-for-tests",
  OPENAI_BASE_URL: fake.baseURL,
  CHAT_STREAM_IDLE_TIMEOUT_MS: String(idleTimeoutMs),
  CHAT_STREAM_DEADLINE_MS: String(deadlineMs),
}));

const figures = createFaultTable("model provider faults (local mode, fake OpenAI)");
afterAll(() => figures.print());

let alice: Person;
beforeAll(async () => {
  alice = await app.client.signUp("Alice");
});
beforeEach(() => {
  fake.behavior = {};
});

async function openCharges(userId: string) {
  const pg = await database();
  const rows = await pg.query<{ n: number }>("select count(*)::int as n from usage_charges where user_id = $1 and status = 'reserved'", [userId]);
  return rows.rows[0]!.n;
}

/** The app gave up its request to the provider: nothing is left hanging upstream. */
async function expectUpstreamReleased() {
  expect(await eventually(async () => fake.openRequests(), (open) => open === 0)).toBe(0);
}

describe("a model provider that hangs", () => {
  it("stops after two tokens: Alice gets an error event after the idle timeout; the reply is stored error with the two tokens", async () => {
    fake.behavior = { tokens: ["The", " answer", " is", " 42"], hangAfterTokens: 2 };
    const { value: turn, ms } = await timed(() => sendChat(app.client, alice, { message: "What is the answer?" }));
    figures.record("provider hangs after 2 tokens (idle timeout)", ms);
    expect(turn.events.map((event) => event.event)).toEqual(["meta", "delta", "delta", "error"]);
    expect(turn.events.at(-1)?.data).toEqual({ code: "unavailable", message: expect.any(String) });
    expect(turn.text).toBe("The answer");
    expect(ms).toBeGreaterThanOrEqual(idleTimeoutMs);
    expect(ms).toBeLessThan(idleTimeoutMs + 2500);
    const [, reply] = await storedMessages(turn.meta.chatId);
    expect(reply).toMatchObject({ status: "error", content: "The answer", error_code: "upstream" });
    expect(await openCharges(alice.id)).toBe(0);
    await expectUpstreamReleased();
  });

  it("never answers the request: an error event after the idle timeout; the reply is stored error, empty", async () => {
    fake.behavior = { neverAnswer: true };
    const { value: turn, ms } = await timed(() => sendChat(app.client, alice, { message: "Anyone there?" }));
    figures.record("provider never answers (idle timeout)", ms);
    expect(turn.events.map((event) => event.event)).toEqual(["meta", "error"]);
    expect(ms).toBeLessThan(idleTimeoutMs + 2500);
    const [, reply] = await storedMessages(turn.meta.chatId);
    expect(reply).toMatchObject({ status: "error", content: "", error_code: "upstream" });
    expect(await openCharges(alice.id)).toBe(0);
    await expectUpstreamReleased();
  });

  it("trickles a token every 250 ms for longer than a reply may take: cut at the deadline, what arrived is stored", async () => {
    fake.behavior = { tokens: Array.from({ length: 100 }, (_, index) => ` w${index}`), tokenDelayMs: 250 };
    const { value: turn, ms } = await timed(() => sendChat(app.client, alice, { message: "Tell me a long story" }));
    figures.record("provider trickles past the reply deadline", ms);
    expect(turn.events.at(-1)?.event).toBe("error");
    expect(ms).toBeGreaterThanOrEqual(deadlineMs);
    expect(ms).toBeLessThan(deadlineMs + 2500);
    expect(turn.text.length).toBeGreaterThan(0);
    const [, reply] = await storedMessages(turn.meta.chatId);
    expect(reply).toMatchObject({ status: "error", content: turn.text, error_code: "upstream" });
    await expectUpstreamReleased();
  });

  it("a reply that keeps up finishes as before, and the next turn after a hang works", async () => {
    fake.behavior = { tokens: ["Still", " fine"], tokenDelayMs: 100 };
    const turn = await sendChat(app.client, alice, { message: "Are you better now?" });
    expect(turn.events.at(-1)?.event).toBe("done");
    const [, reply] = await storedMessages(turn.meta.chatId);
    expect(reply).toMatchObject({ status: "complete", content: "Still fine" });
  });
});
