import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai";
import { eventually } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const app = setUpAppServer(() => ({
  OPENAI_API_KEY: "sk-fake-key-for-tests",
  OPENAI_BASE_URL: fake.baseURL,
  EMBEDDINGS_MODEL: "offline-hash",
  RATE_LIMIT_API_PER_MINUTE: "100000",
  RATE_LIMIT_CHAT_PER_MINUTE: "100000",
  PLAN_FREE_MONTHLY_REQUESTS: "3",
  PLAN_FREE_MONTHLY_BUDGET_USD: "0.05",
}));

// The price table of lib/ai/models.ts, restated: US dollars per million tokens (= micro-dollars per token).
const prices: Record<string, { input: number; output: number }> = {
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
};

const chat = (person: Person, body: Record<string, unknown>) => app.client.call("/api/chat", { method: "POST", as: person, body });

async function setPlan(person: Person, plan: "free" | "pro") {
  const pg = await database();
  await pg.query("insert into usage_plans (user_id, plan) values ($1, $2) on conflict (user_id) do update set plan = excluded.plan", [person.id, plan]);
}

async function charges(userId: string) {
  const pg = await database();
  return (await pg.query<{ status: string; model: string; input_tokens: number; output_tokens: number; cost: number; max: number }>(
    "select status, model, input_tokens::int, output_tokens::int, cost_micro_usd::int as cost, max_cost_micro_usd::int as max from usage_charges where user_id = $1",
    [userId],
  )).rows;
}

/** Starts a chat, stops its reply as soon as it has begun (POST /api/chats/:id/stop) and goes away. */
async function chatAndStop(person: Person, body: Record<string, unknown>) {
  const controller = new AbortController();
  const response = await fetch(`${app.baseUrl}/api/chat`, {
    method: "POST",
    headers: { cookie: person.cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let seen = "";
  while (!seen.includes("event: delta")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  const chatId = /"chatId":"([^"]+)"/.exec(seen)![1]!;
  expect((await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: person })).status).toBe(204);
  controller.abort();
}

describe("monthly quota and budget", () => {
  it("Carol's fourth chat of the month answers 429 quota_exceeded without calling the model; reading still works", async () => {
    const carol = await app.client.signUp("Carol");
    for (let index = 0; index < 3; index += 1) expect((await chat(carol, { message: `Question ${index}` })).status).toBe(200);
    const calls = fake.requests.length;
    const refused = await chat(carol, { message: "One more" });
    expectError(refused, 429, "quota_exceeded");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fake.requests.length).toBe(calls);
    expect((await app.client.call("/api/chats", { as: carol })).status).toBe(200);
    expect((await app.client.call("/api/settings", { as: carol })).status).toBe(200);
    const pg = await database();
    const stored = await pg.query<{ n: number }>("select count(*)::int as n from messages where user_id = $1 and role = 'user'", [carol.id]);
    expect(stored.rows[0]!.n).toBe(3);
    // Each charge names the reply it paid for and its prompt's size, for settling it after a crash.
    const links = await pg.query<{ role: string; prompt_tokens: number }>(
      "select m.role, c.prompt_tokens::int from usage_charges c join messages m on m.id = c.message_id where c.user_id = $1",
      [carol.id],
    );
    expect(links.rows).toEqual(Array.from({ length: 3 }, () => ({ role: "assistant", prompt_tokens: expect.any(Number) })));
    expect(links.rows.every((row) => row.prompt_tokens > 0)).toBe(true);
  });

  it("Dave's concurrent chats near his budget overspend by at most one request's maximum, then answer quota_exceeded", async () => {
    const dave = await app.client.signUp("Dave");
    await setPlan(dave, "pro");
    const pg = await database();
    // Pro's budget is $50: start Dave 1 cent below it.
    await pg.query(
      "insert into usage_charges (user_id, model, max_cost_micro_usd, status, cost_micro_usd, settled_at) values ($1, 'gpt-4o', 0, 'settled', 49990000, now())",
      [dave.id],
    );
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => chat(dave, { message: `Near the edge ${index}`, model: "gpt-4o" })));
    const accepted = responses.filter((response) => response.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    for (const response of responses.filter((response) => response.status !== 200)) expectError(response, 429, "quota_exceeded");
    const rows = await charges(dave.id);
    const spent = rows.reduce((sum, row) => sum + row.cost, 0);
    const maxOfOne = Math.max(...rows.map((row) => row.max));
    expect(spent).toBeLessThan(50_000_000 + maxOfOne);
    expect(rows.filter((row) => row.status === "reserved")).toEqual([]);

    await pg.query("insert into usage_charges (user_id, model, max_cost_micro_usd, status, cost_micro_usd, settled_at) values ($1, 'gpt-4o', 0, 'settled', 100000, now())", [dave.id]);
    expectError(await chat(dave, { message: "Over" }), 429, "quota_exceeded");
  });

  it("1,000 chats over four models, some failing mid-stream and some stopped, record a cost equal to tokens × prices to the micro-dollar", async () => {
    const erin = await app.client.signUp("Erin");
    await setPlan(erin, "pro");
    expect((await app.client.call("/api/settings", { method: "PATCH", as: erin, body: { memoryEnabled: false } })).status).toBe(200);
    const models = Object.keys(prices);
    fake.behaviorFor = (message) => {
      if (message.startsWith("fail")) return { tokens: ["Half", " of", " it", " and", " then"], breakAfterTokens: 3 };
      if (message.startsWith("stop")) return { tokens: Array.from({ length: 200 }, () => " word"), tokenDelayMs: 5 };
      return {};
    };
    try {
      const kinds = Array.from({ length: 1000 }, (_, index) => (index % 10 === 3 ? "fail" : index % 10 === 7 ? "stop" : "ok"));
      for (let start = 0; start < kinds.length; start += 25) {
        await Promise.all(
          kinds.slice(start, start + 25).map(async (kind, offset) => {
            const index = start + offset;
            const body = { message: `${kind} question number ${index} ${"x".repeat(index % 97)}`, model: models[index % models.length] };
            if (kind === "stop") return chatAndStop(erin, body);
            const response = await chat(erin, body);
            expect(response.status).toBe(200);
            expect(response.text).toContain(kind === "fail" ? "event: error" : "event: done");
          }),
        );
      }
    } finally {
      fake.behaviorFor = undefined;
    }
    const rows = await eventually(() => charges(erin.id), (rows) => rows.every((row) => row.status === "settled"), 15_000);
    expect(rows.length).toBe(1000);
    expect(rows.filter((row) => row.status !== "settled")).toEqual([]);
    const expected = rows.reduce((sum, row) => sum + Math.round(row.input_tokens * prices[row.model]!.input + row.output_tokens * prices[row.model]!.output), 0);
    const recorded = rows.reduce((sum, row) => sum + row.cost, 0);
    expect(recorded).toBe(expected);
    const pg = await database();
    const replies = await pg.query<{ status: string; n: number; cost: number; input: number; output: number }>(
      "select status, count(*)::int as n, sum(cost_micro_usd)::int as cost, sum(input_tokens)::int as input, sum(output_tokens)::int as output from messages where user_id = $1 and role = 'assistant' group by status order by status",
      [erin.id],
    );
    expect(replies.rows.map((row) => [row.status, row.n])).toEqual([["complete", 800], ["error", 100], ["stopped", 100]]);
    expect(replies.rows.reduce((sum, row) => sum + row.cost, 0)).toBe(recorded);
    expect(replies.rows.reduce((sum, row) => sum + row.input + row.output, 0)).toBe(rows.reduce((sum, row) => sum + row.input_tokens + row.output_tokens, 0));
    console.log(`1,000 chats: ${recorded} micro-dollars recorded, ${expected} from tokens × prices`);
  }, 240_000);
});
