import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIProvider } from "@/lib/ai/openai";
import { ProviderError, type StreamEvent } from "@/lib/ai/types";
import { startFakeOpenAI, type FakeOpenAI } from "../../fakes/openai";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.behavior = {};
  fake.requests.length = 0;
});

async function collect(events: AsyncIterable<StreamEvent>) {
  const seen: StreamEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { seen, error: null };
  } catch (error) {
    return { seen, error };
  }
}

const request = (signal = new AbortController().signal) => ({
  model: "gpt-4.1-mini",
  messages: [
    { role: "system" as const, content: "Be brief." },
    { role: "user" as const, content: "hello there" },
  ],
  temperature: 0.3,
  maxOutputTokens: 64,
  signal,
});

describe("OpenAI adapter", () => {
  it("streams deltas and finishes with the usage the API reports", async () => {
    fake.behavior = { tokens: ["Hi", " Alice", "!"] };
    const provider = createOpenAIProvider({ apiKey: "sk-test", baseURL: fake.baseURL });
    const { seen, error } = await collect(provider.stream(request()));
    expect(error).toBeNull();
    expect(seen.filter((event) => event.type === "delta").map((event) => (event as { text: string }).text)).toEqual([
      "Hi",
      " Alice",
      "!",
    ]);
    expect(seen.at(-1)).toEqual({ type: "finish", reason: "stop", usage: { inputTokens: 6, outputTokens: 3 } });
  });

  it("sends the model, messages, temperature, token limit and asks for usage", async () => {
    const provider = createOpenAIProvider({ apiKey: "sk-test", baseURL: fake.baseURL });
    await collect(provider.stream(request()));
    const [sent] = fake.requests;
    expect(sent?.authorization).toBe("Bearer sk-test");
    expect(sent?.body).toMatchObject({
      model: "gpt-4.1-mini",
      temperature: 0.3,
      max_completion_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
      messages: request().messages,
    });
  });

  it("keeps what arrived and then fails with a ProviderError when the stream breaks mid-way", async () => {
    fake.behavior = { tokens: ["one", " two", " three", " four"], breakAfterTokens: 2 };
    const provider = createOpenAIProvider({ apiKey: "sk-test", baseURL: fake.baseURL });
    const { seen, error } = await collect(provider.stream(request()));
    expect(seen).toEqual([
      { type: "delta", text: "one" },
      { type: "delta", text: " two" },
    ]);
    expect(error).toBeInstanceOf(ProviderError);
  });

  it("turns an upstream HTTP error into a ProviderError with its status", async () => {
    fake.behavior = { failWithStatus: 401 };
    const provider = createOpenAIProvider({ apiKey: "sk-wrong", baseURL: fake.baseURL });
    const { seen, error } = await collect(provider.stream(request()));
    expect(seen).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(401);
  });

  it("stops reading when its signal aborts", async () => {
    fake.behavior = { tokens: Array.from({ length: 50 }, (_, index) => ` t${index}`), tokenDelayMs: 10 };
    const provider = createOpenAIProvider({ apiKey: "sk-test", baseURL: fake.baseURL });
    const controller = new AbortController();
    const seen: StreamEvent[] = [];
    await expect(async () => {
      for await (const event of provider.stream(request(controller.signal))) {
        seen.push(event);
        if (seen.length === 3) controller.abort(new Error("user stopped"));
      }
    }).rejects.toThrow();
    expect(seen.length).toBe(3);
  });
});
