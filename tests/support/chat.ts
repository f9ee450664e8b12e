import { expect } from "vitest";
import type { createClient, Person } from "./client";
import { parseSse } from "./client";
import { database } from "./route-suite";

type Client = ReturnType<typeof createClient>;

/** Sends a chat message and reads the whole event stream. */
export async function sendChat(client: Client, person: Person, body: Record<string, unknown>) {
  const response = await client.call("/api/chat", { method: "POST", as: person, body });
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events = parseSse(response.text);
  const meta = events.find((event) => event.event === "meta")?.data as {
    chatId: string;
    userMessageId: string;
    assistantMessageId: string;
    model: string;
  };
  const text = events.flatMap((event) => (event.event === "delta" ? [event.data.text as string] : [])).join("");
  return { events, meta, text };
}

export interface StoredMessage {
  id: string;
  role: string;
  content: string;
  status: string;
  error_code: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_micro_usd: number | null;
}

export async function storedMessages(chatId: string): Promise<StoredMessage[]> {
  const pg = await database();
  const result = await pg.query<StoredMessage>(
    "select id, role, content, status, error_code, input_tokens, output_tokens, cost_micro_usd::int as cost_micro_usd from messages where chat_id = $1 order by seq",
    [chatId],
  );
  return result.rows;
}

export async function countRows(table: "chats" | "messages", userId: string): Promise<number> {
  const pg = await database();
  const result = await pg.query<{ n: number }>(`select count(*)::int as n from ${table} where user_id = $1`, [userId]);
  return result.rows[0]!.n;
}

/** Waits for a condition the server reaches after the response (a stopped reply being saved). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
