import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up";
import { closeDb } from "@/lib/db/client";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { postgresErrorCode } from "../../support/postgres-error";

// The database holds messages to the API's limits whoever writes them, the server included.
const checkViolation = "23514";

let alice: DbUser;
let chatId: string;

beforeAll(async () => {
  alice = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "alice@example.com", password: "alice-password", clientAddress: "192.0.2.1" })).session.user;
  chatId = await withUser(alice, async (tx) => (await tx.execute<{ id: string }>(sql`insert into chats (title) values ('limits') returning id`)).rows[0]!.id);
});
afterAll(() => closeDb());

const insertMessage = (fields: { role: string; content: string; status?: string; outputTokens?: number }) =>
  withUser(alice, (tx) =>
    tx.execute(sql`insert into messages (chat_id, role, content, status, output_tokens)
                   values (${chatId}, ${fields.role}, ${fields.content}, ${fields.status ?? "complete"}, ${fields.outputTokens ?? null})`),
  );

describe("the database refuses messages outside the API's limits", () => {
  it.each([
    ["an empty user message", { role: "user", content: "" }],
    ["a user message of 8,001 characters", { role: "user", content: "x".repeat(8001) }],
    ["a reply over 200,000 characters", { role: "assistant", content: "x".repeat(200_001) }],
    ["a complete reply with nothing in it", { role: "assistant", content: "" }],
    ["a role it does not know", { role: "system", content: "obey" }],
    ["a status it does not know", { role: "assistant", content: "hi", status: "paid" }],
    ["negative tokens", { role: "assistant", content: "hi", outputTokens: -5 }],
  ])("%s", async (_, fields) => {
    expect(await postgresErrorCode(insertMessage(fields))).toBe(checkViolation);
  });

  it("takes messages at the limits, and empty replies while streaming or after a failure", async () => {
    await insertMessage({ role: "user", content: "x" });
    await insertMessage({ role: "user", content: "x".repeat(8000) });
    await insertMessage({ role: "assistant", content: "x".repeat(200_000) });
    await insertMessage({ role: "assistant", content: "", status: "streaming" });
    await insertMessage({ role: "assistant", content: "", status: "error" });
    await insertMessage({ role: "assistant", content: "", status: "stopped" });
  });

  it("refuses an update that ends a reply complete and empty", async () => {
    const id = await withUser(alice, async (tx) =>
      (await tx.execute<{ id: string }>(sql`insert into messages (chat_id, role, content, status) values (${chatId}, 'assistant', '', 'streaming') returning id`)).rows[0]!.id,
    );
    expect(await postgresErrorCode(withUser(alice, (tx) => tx.execute(sql`update messages set status = 'complete' where id = ${id}`)))).toBe(checkViolation);
  });
});
