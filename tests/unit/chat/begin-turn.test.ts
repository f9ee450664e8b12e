import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "@/lib/db/client";

// A priced model is offered once a provider is configured; nothing calls it here.
Object.assign(process.env, { OPENAI_API_KEY: "sk-test-not-used", EMBEDDINGS_MODEL: "offline-hash", CHAT_MAX_OUTPUT_TOKENS: "1024" });
const { beginTurn } = await import("@/lib/chat/begin-turn");
const { estimatePromptTokens } = await import("@/lib/ai/tokens");
const client = await import("@/lib/db/client");

const alice = { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "alice@example.com" };
const longChat = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
// GPT-4.1: $2 and $8 per million tokens, i.e. micro-dollars per token.
const gpt41 = { input: 2, output: 8 };
let pg: EmbeddedDatabase;

beforeAll(async () => {
  pg = await client.getEmbeddedDatabase();
  await pg.exec(`
    insert into auth.users (id, email, encrypted_password) values ('${alice.id}', '${alice.email}', 'x');
    insert into chats (id, user_id, title) values ('${longChat}', '${alice.id}', 'A long talk');`);
  // Forty messages of 8,000 characters: some 80,000 tokens of history.
  for (let index = 0; index < 40; index += 1) {
    await pg.query("insert into messages (chat_id, user_id, role, content, status) values ($1, $2, $3, $4, 'complete')", [
      longChat,
      alice.id,
      index % 2 === 0 ? "user" : "assistant",
      `message ${index} ${String(index % 10).repeat(7980)}`,
    ]);
  }
});
afterAll(() => client.closeDb());

describe("a chat turn's reservation", () => {
  it("covers the prompt Alice's long chat really sends: the history is cut to what was reserved, newest kept", async () => {
    const { turn } = await beginTurn(alice, { chatId: longChat, message: "What did we settle on?", model: "gpt-4.1" });
    turn.release();
    const charges = await pg.query<{ max: number; prompt_tokens: number }>(
      "select max_cost_micro_usd::int as max, prompt_tokens::int from usage_charges where user_id = $1",
      [alice.id],
    );
    const [charge] = charges.rows;
    const reservedInputTokens = (charge!.max - 1024 * gpt41.output) / gpt41.input;
    const sentTokens = estimatePromptTokens(turn.prompt);
    expect(sentTokens).toBeLessThanOrEqual(reservedInputTokens);
    expect(charge!.prompt_tokens).toBe(sentTokens);

    expect(turn.prompt[0]!.role).toBe("system");
    expect(turn.prompt.at(-1)).toEqual({ role: "user", content: "What did we settle on?" });
    // The newest of the history is what the model sees; the oldest is what was cut.
    const history = turn.prompt.slice(1, -1).map((message) => message.content.split(" ").slice(0, 2).join(" "));
    expect(history.length).toBeGreaterThan(0);
    expect(history.at(-1)).toBe("message 39");
    expect(history).not.toContain("message 0");
  });
});
